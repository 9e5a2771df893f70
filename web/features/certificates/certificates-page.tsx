// 证明开具登记簿: filter, export, download the PDF, revoke with a reason; refused requests per kind and per requester.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Input, Modal, Row, Select, Space, Statistic, Table, Tag, message } from 'antd';
import { Link } from 'react-router';
import { api, download, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import type { Certificate, CertType, Paged, RefusalStats } from './certificates-api.ts';

export function CertificatesPage() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<{ typeId?: string; status?: string; q?: string }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [reason, setReason] = useState('');
  const types = useQuery({ queryKey: ['cert-types'], queryFn: () => api.get<CertType[]>('/api/cert-types') });
  const list = useQuery({ queryKey: ['certificates', filter, page], queryFn: () => api.get<Paged<Certificate>>('/api/certificates', { ...filter, ...page }), placeholderData: (p) => p });
  const stats = useQuery({ queryKey: ['cert-refusals'], queryFn: () => api.get<RefusalStats>('/api/certificates/refusals'), enabled: can('cert.stats') });

  const revoke = async () => {
    try {
      await api.post(`/api/certificates/${revoking!.id}/revoke`, { reason });
      void message.success(t('已撤销', 'Revoked'));
      setRevoking(null);
      setReason('');
      await qc.invalidateQueries({ queryKey: ['certificates'] });
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <div data-testid="certificates-page">
      <PageHeader
        title={t('证明开具登记簿', 'Certificate register')}
        extra={<>
          {can('cert.issue') && <Link to="/certificates/issue"><Button type="primary" data-testid="cert-new">{t('开具证明', 'Issue')}</Button></Link>}
          <Link to="/certificates/types"><Button>{t('证明事项目录', 'Catalogue')}</Button></Link>
          <Button onClick={() => download('/api/certificates/export.xlsx', filter).catch((e) => message.error(errorMessage(e)))}>{t('导出 Excel', 'Export')}</Button>
        </>}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('姓名或编号', 'Name or number')} onSearch={(q) => { setFilter((f) => ({ ...f, q })); setPage((p) => ({ ...p, page: 1 })); }} style={{ width: 200 }} />
        <Select allowClear placeholder={t('证明种类', 'Kind')} style={{ width: 200 }} onChange={(typeId) => setFilter((f) => ({ ...f, typeId }))}
          options={(types.data ?? []).filter((x) => x.policy !== 'not_issue').map((x) => ({ value: x.id, label: x.name }))} />
        <Select allowClear placeholder={t('状态', 'Status')} style={{ width: 120 }} onChange={(status) => setFilter((f) => ({ ...f, status }))}
          options={[{ value: 'valid', label: t('有效', 'Valid') }, { value: 'revoked', label: t('已撤销', 'Revoked') }]} />
      </Space>
      <ErrorAlert error={list.error} />
      <DataTable<Certificate>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('编号', 'Number'), dataIndex: 'serialNo' },
          { title: t('证明', 'Kind'), dataIndex: 'typeName' },
          { title: t('持证人', 'Holder'), dataIndex: 'holderName' },
          { title: t('证件号码', 'ID'), dataIndex: 'holderDocMasked' },
          { title: t('用途', 'Purpose'), dataIndex: 'purpose' },
          { title: t('开具时间', 'Issued'), dataIndex: 'issuedAt', render: fmtTime },
          { title: t('状态', 'Status'), key: 's', render: (_, c) => c.status === 'revoked' ? <Tag color="red">{t('已撤销', 'Revoked')}</Tag> : c.expired ? <Tag>{t('已过期', 'Expired')}</Tag> : <Tag color="green">{t('有效', 'Valid')}</Tag> },
          {
            title: t('操作', 'Actions'), key: 'a', render: (_, c) => (
              <Space>
                <a href={`/api/certificates/${c.id}/pdf`} target="_blank" rel="noreferrer">PDF</a>
                <a href={`/verify/${c.verifyUrl.split('/').pop()}`} target="_blank" rel="noreferrer">{t('核验', 'Verify')}</a>
                {can('cert.revoke') && c.status === 'valid' && <a onClick={() => setRevoking(c)} data-testid={`cert-revoke-${c.serialNo}`}>{t('撤销', 'Revoke')}</a>}
              </Space>
            ),
          },
        ]}
      />
      {stats.data && (
        <Card size="small" title={t('不予出具的证明索要统计', 'Requests for certificates not issued')} style={{ marginTop: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={6}><Statistic title={t('合计（次）', 'Total')} value={stats.data.total} /></Col>
            <Col xs={24} md={9}><Table size="small" pagination={false} rowKey="typeId" dataSource={stats.data.byType} columns={[{ title: t('证明', 'Kind'), dataIndex: 'name' }, { title: t('次数', 'Count'), dataIndex: 'count' }]} /></Col>
            <Col xs={24} md={9}><Table size="small" pagination={false} rowKey="requestedBy" dataSource={stats.data.byRequester} columns={[{ title: t('索要单位', 'Requested by'), dataIndex: 'requestedBy' }, { title: t('次数', 'Count'), dataIndex: 'count' }]} /></Col>
          </Row>
        </Card>
      )}
      <Modal open={!!revoking} title={t(`撤销证明 ${revoking?.serialNo ?? ''}`, `Revoke ${revoking?.serialNo ?? ''}`)} onCancel={() => setRevoking(null)} onOk={revoke} okButtonProps={{ danger: true, disabled: reason.trim().length < 2, id: 'cert-revoke-ok' }}>
        <Input.TextArea rows={3} placeholder={t('撤销原因（必填）', 'Reason (required)')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="cert-revoke-reason" />
      </Modal>
    </div>
  );
}
