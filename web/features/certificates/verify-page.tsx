// 证明核验 (/verify/:code), public: what the QR code on a certificate opens. Masked details only.
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Card, Descriptions, Result, Spin } from 'antd';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import type { Verification } from './certificates-api.ts';

export function VerifyPage() {
  const t = useT();
  const { code = '' } = useParams();
  const v = useQuery({ queryKey: ['verify', code], queryFn: () => api.get<Verification>(`/api/public/certificates/${encodeURIComponent(code)}`) });
  if (v.isLoading) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (v.error || !v.data) return <Result status="404" title={t('未查到该证明', 'Certificate not found')} subTitle={(v.error as Error | null)?.message} data-testid="verify-status" />;
  const d = v.data;
  const status = {
    valid: { s: 'success' as const, zh: '证明有效', en: 'Valid' },
    revoked: { s: 'error' as const, zh: '证明已撤销', en: 'Revoked' },
    expired: { s: 'warning' as const, zh: '证明已过期', en: 'Expired' },
  }[d.status];
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 16 }} data-testid="verify-page">
      <Result status={status.s} title={<span data-testid="verify-status" data-status={d.status}>{t(status.zh, status.en)}</span>} subTitle={`${d.typeName} · ${d.serialNo}`} />
      <Card size="small">
        <Descriptions column={1} size="small" items={[
          { key: 't', label: t('证明种类', 'Kind'), children: d.typeName },
          { key: 'n', label: t('编号', 'Number'), children: d.serialNo },
          { key: 'i', label: t('开具单位', 'Issuer'), children: d.issuer },
          { key: 'd', label: t('开具日期', 'Issued on'), children: d.issuedOn },
          { key: 'v', label: t('有效期至', 'Valid until'), children: d.validUntil ?? '—' },
          ...(d.revokedOn ? [{ key: 'r', label: t('撤销日期', 'Revoked on'), children: d.revokedOn }] : []),
          { key: 'h', label: t('持证人', 'Holder'), children: d.holderName },
          { key: 'c', label: t('证件号码', 'ID number'), children: d.holderDocMasked ?? '—' },
        ]} />
      </Card>
    </div>
  );
}
