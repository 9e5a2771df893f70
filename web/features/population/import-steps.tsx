// The import page's steps: the detected header and column mapping (one Select per source column, correctable),
// the sample rows as the server judged them, and the result (counts, rejected rows with row number and reason,
// the error report workbook).
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Row, Select, Space, Statistic, Table, Tag, Typography, message } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, DownloadOutlined } from '@ant-design/icons';
import { download, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { DataTable } from '../../components/data-table.tsx';
import { IMPORT_FIELD, label, type ImportField, type ImportPreview, type ImportSummary } from './population-api.ts';

export type Mapping = Record<string, ImportField | null>;

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function colLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Fields no column maps to yet, and fields two columns claim (the server refuses both). */
export function mappingIssues(mapping: Mapping): { missing: ImportField[]; doubled: ImportField[] } {
  const used = Object.values(mapping).filter((f): f is ImportField => !!f);
  const missing = (['name', 'docNumber'] as ImportField[]).filter((f) => !used.includes(f));
  const doubled = [...new Set(used.filter((f, i) => used.indexOf(f) !== i))];
  return { missing, doubled };
}

type Column = ImportPreview['columns'][number];

export function MappingTable({ preview, mapping, onChange }: { preview: ImportPreview; mapping: Mapping; onChange: (m: Mapping) => void }) {
  const t = useT();
  const { doubled } = mappingIssues(mapping);
  const options = [
    { value: '', label: t('（不导入）', '(skip)') },
    ...(Object.keys(IMPORT_FIELD) as ImportField[]).map((f) => ({ value: f, label: label(t, IMPORT_FIELD[f]) })),
  ];
  return (
    <DataTable<Column>
      rowKey="index"
      data-testid="import-mapping"
      pagination={false}
      dataSource={preview.columns}
      onRow={(c) => ({ 'data-testid': `mapping-row-${c.header || colLetter(c.index)}` } as HTMLAttributes<HTMLElement>)}
      columns={[
        { title: t('列', 'Col'), dataIndex: 'index', width: 48, render: (i: number) => <Tag>{colLetter(i)}</Tag> },
        { title: t('原表列名', 'Header in the file'), dataIndex: 'header', render: (v: string) => v || <Typography.Text type="secondary">{t('（无列名）', '(none)')}</Typography.Text> },
        {
          title: t('导入为', 'Imports as'), key: 'field', width: 170,
          render: (_, c) => {
            const f = mapping[String(c.index)] ?? null;
            return (
              <Select
                size="small"
                style={{ width: 150 }}
                value={f ?? ''}
                status={f && doubled.includes(f) ? 'error' : undefined}
                options={options}
                showSearch={{ optionFilterProp: 'label' }}
                data-testid={`mapping-select-${c.index}`}
                onChange={(v: string) => onChange({ ...mapping, [String(c.index)]: (v || null) as ImportField | null })}
              />
            );
          },
        },
        { title: t('示例数据', 'Samples'), dataIndex: 'samples', render: (s: string[]) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.filter(Boolean).join(' | ') || '—'}</Typography.Text> },
      ]}
    />
  );
}

type SampleRow = ImportPreview['sample'][number];

export function SampleTable({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const fields = [...new Set(preview.sample.flatMap((r) => Object.keys(r.values)))] as ImportField[];
  return (
    <DataTable<SampleRow>
      rowKey="row"
      data-testid="import-sample"
      pagination={false}
      dataSource={preview.sample}
      columns={[
        { title: t('行号', 'Row'), dataIndex: 'row', width: 56, fixed: 'left' },
        { title: '', dataIndex: 'ok', width: 32, render: (ok: boolean) => (ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />) },
        ...fields.map((f) => ({ title: label(t, IMPORT_FIELD[f], f), key: f, render: (_: unknown, r: SampleRow) => r.values[f] ?? '' })),
        { title: t('问题', 'Problem'), dataIndex: 'reason', render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '') },
      ]}
    />
  );
}

export function ErrorReportButton({ importId, testId = 'import-error-report' }: { importId: string; testId?: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        try {
          await download(`/api/population/imports/${importId}/errors.xlsx`);
        } catch (err) {
          void message.error(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('下载错误报告（Excel）', 'Error report (xlsx)')}
    </Button>
  );
}

type Rejected = ImportSummary['rejected'][number];

export function ResultView({ summary, dryRun, extra }: { summary: ImportSummary; dryRun: boolean; extra?: ReactNode }) {
  const t = useT();
  const stats = dryRun
    ? [[t('总行数', 'Rows'), summary.rows], [t('可导入', 'Valid'), summary.valid], [t('有问题', 'Invalid'), summary.invalid], [t('将新增', 'To create'), summary.created], [t('将更新', 'To update'), summary.updated]]
    : [[t('总行数', 'Rows'), summary.rows], [t('新增', 'Created'), summary.created], [t('更新', 'Updated'), summary.updated], [t('无变化', 'Unchanged'), summary.unchanged], [t('未通过', 'Invalid'), summary.invalid]];
  return (
    <Card size="small" data-testid={dryRun ? 'import-check' : 'import-summary'} title={dryRun ? t('校验结果（尚未写入）', 'Check result (nothing written yet)') : t('导入完成', 'Import finished')}>
      <Row gutter={[12, 12]}>
        {stats.map(([title, value], i) => (
          <Col key={i} xs={12} sm={8} md={4}>
            <Statistic title={title} value={value as number} valueStyle={i === (dryRun ? 2 : 4) && (value as number) > 0 ? { color: '#cf1322' } : undefined} data-testid={`import-stat-${i}`} />
          </Col>
        ))}
      </Row>
      {summary.rejectedTotal > 0 ? (
        <>
          <Alert
            type="warning" showIcon style={{ margin: '12px 0' }}
            title={t(`${summary.rejectedTotal} 行未通过校验，${dryRun ? '确认导入时将跳过这些行' : '未导入'}；改正后可再次导入同一文件（已导入的行不会重复）。`,
              `${summary.rejectedTotal} rows failed and ${dryRun ? 'will be skipped' : 'were not imported'}; fix them and import the file again (imported rows are not duplicated).`)}
          />
          <Table<Rejected>
            size="small" rowKey="row" data-testid="import-rejected" dataSource={summary.rejected}
            pagination={summary.rejected.length > 20 ? { pageSize: 20, size: 'small' } : false}
            columns={[
              { title: t('原表行号', 'Row'), dataIndex: 'row', width: 90, render: (v: number) => t(`第 ${v} 行`, `Row ${v}`) },
              { title: t('原因', 'Reason'), key: 'reason', render: (_, r) => <Typography.Text type="danger">{t(r.reason, r.reasonEn)}</Typography.Text> },
            ]}
          />
        </>
      ) : <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('全部行均通过校验', 'Every row passed')} />}
      <Space wrap style={{ marginTop: 12 }}>
        {summary.rejectedTotal > 0 && <ErrorReportButton importId={summary.importId} />}
        {extra}
      </Space>
    </Card>
  );
}
