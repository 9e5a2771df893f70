// 办事指南 (/services), public: every service with its materials, time limit, fee and who may apply.
import { useQuery } from '@tanstack/react-query';
import { Collapse, Descriptions, List, Spin, Tag, Typography } from 'antd';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fee, type PublicService } from './services-api.ts';

export function PublicServicesPage() {
  const t = useT();
  const list = useQuery({ queryKey: ['public-services'], queryFn: () => api.get<PublicService[]>('/api/public/services') });
  return (
    <div style={{ maxWidth: 880, margin: '0 auto', padding: 16 }} data-testid="public-services">
      <Typography.Title level={3}>{t('社区服务事项办事指南', 'Community services guide')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('办理前请看清所需材料、办理时限和是否收费；一次告知，材料齐全当场受理。', 'Materials, time limit and fees for each service.')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Spin /> : (
        <Collapse items={(list.data ?? []).map((s) => ({
          key: s.id,
          label: <span data-testid={`service-${s.code}`}>{s.name} <Tag>{s.category}</Tag>{s.free ? <Tag color="green">{t('免费', 'Free')}</Tag> : <Tag color="orange">{fee(s.feeCents)}</Tag>}<Tag color="blue">{s.timeLimitDays} {t('个工作日', 'working days')}</Tag></span>,
          children: (
            <>
              <Descriptions size="small" column={1} items={[
                { key: 'd', label: t('主办部门', 'Department'), children: s.departmentName ?? '—' },
                { key: 'c', label: t('申请条件', 'Who may apply'), children: s.conditionsText },
                { key: 'b', label: t('办理依据', 'Legal basis'), children: s.legalBasis || '—' },
                { key: 'f', label: t('收费', 'Fee'), children: `${fee(s.feeCents)}${s.feeNote ? `（${s.feeNote}）` : ''}` },
                { key: 'ch', label: t('办理渠道', 'Channels'), children: s.channels.map((c) => (c === 'online' ? t('网上申请', 'Online') : t('社区窗口', 'Window'))).join('、') },
              ]} />
              <List size="small" header={t('申请材料', 'Materials')} dataSource={s.materials} renderItem={(m) => (
                <List.Item>{m.name}{m.sampleFileId && <a style={{ marginLeft: 8 }} href={`/api/public/services/${s.code}/samples/${m.key}`} target="_blank" rel="noreferrer">{t('样表', 'Sample')}</a>}{!m.required && <Tag style={{ marginLeft: 8 }}>{t('如有', 'If any')}</Tag>}{m.note && <Typography.Text type="secondary">　{m.note}</Typography.Text>}</List.Item>
              )} />
            </>
          ),
        }))} />
      )}
    </div>
  );
}
