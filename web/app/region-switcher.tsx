// Users whose scope covers several communities narrow every page to one street or community (or back to
// "全部" = their whole scope). The server keeps the choice on the session, so every list follows it.
import { useState } from 'react';
import { Select, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../lib/api.ts';
import { useT } from '../lib/i18n.ts';
import { useCurrentUser } from './auth.tsx';

export function RegionSwitcher({ block }: { block?: boolean }) {
  const me = useCurrentUser();
  const t = useT();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const communities = me.switchable.filter((r) => r.level === 'community');
  if (communities.length < 2) return null;
  const value = me.scope.id === me.home.id ? 0 : me.scope.id;
  const options = [
    { value: 0, label: `${t('all')}（${me.home.name}）` },
    ...me.switchable.map((r) => ({ value: r.id, label: r.level === 'street' ? r.name : `\u3000${r.name}` })),
  ];
  const onChange = async (v: number) => {
    setBusy(true);
    try {
      await api.post('/api/auth/switch-region', { regionId: v === 0 ? null : v });
      // Every cached list was computed for the old scope.
      await qc.invalidateQueries();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Select
      data-testid="region-switcher"
      value={value}
      options={options}
      onChange={onChange}
      loading={busy}
      showSearch={{ optionFilterProp: 'label' }}
      aria-label={t('switchRegion')}
      style={{ width: block ? '100%' : 200 }}
      size={block ? 'middle' : 'small'}
    />
  );
}
