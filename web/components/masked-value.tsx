// Sensitive values (phones, ID numbers) are masked by default; revealing asks the server, which checks the
// permission and writes an audit row, so the full value is fetched only when someone clicks.
import { useState } from 'react';
import { Button, Space, Tooltip, Typography, message } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useT } from '../lib/i18n.ts';
import { errorMessage } from '../lib/api.ts';

export function MaskedValue({ masked, reveal, canReveal = true, testId }: {
  masked: string | null;
  reveal: () => Promise<string | null>;
  canReveal?: boolean;
  testId?: string;
}) {
  const t = useT();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  const onReveal = async () => {
    setBusy(true);
    try {
      setFull((await reveal()) ?? masked);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4} data-testid={testId}>
      <Typography.Text copyable={full ? { text: full } : false} style={{ fontFamily: 'monospace' }}>{full ?? masked}</Typography.Text>
      {!full && canReveal && (
        <Tooltip title={t('查看完整信息（将记入审计日志）', 'Show in full (recorded in the audit log)')}>
          <Button size="small" type="link" icon={<EyeOutlined />} loading={busy} onClick={onReveal}>{t('reveal')}</Button>
        </Tooltip>
      )}
    </Space>
  );
}
