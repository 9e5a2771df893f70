// 批量导入: upload a community's workbook (xlsx or csv) → the detected header row and column mapping, which the user
// corrects → check every row without writing (dry run: valid/invalid counts, rejected rows with reasons, the error
// report) → 确认导入 runs the import job with a progress bar → the summary.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Steps, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { ApiError, api } from '../../lib/api.ts';
import { getLang, useT } from '../../lib/i18n.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { JobProgress } from '../../components/job-progress.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { IMPORT_FIELD, label, type ImportPreview, type ImportSummary } from './population-api.ts';
import { MappingTable, ResultView, SampleTable, mappingIssues, type Mapping } from './import-steps.tsx';

type Stage =
  | { kind: 'upload' }
  | { kind: 'mapping'; preview: ImportPreview }
  | { kind: 'checked'; preview: ImportPreview; check: ImportSummary }
  | { kind: 'running'; preview: ImportPreview; jobId: string }
  | { kind: 'done'; summary: ImportSummary };

/** Statuses of a real (writing) import run, as opposed to a dry-run check. */
const REAL_RUN = ['queued', 'running', 'done'];

const STEP: Record<Stage['kind'], number> = { upload: 0, mapping: 1, checked: 2, running: 3, done: 3 };

async function uploadFile(file: File, communityId: number | null, csrf: string): Promise<ImportPreview> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  const url = communityId ? `/api/population/imports?communityId=${communityId}` : '/api/population/imports';
  const res = await fetch(url, { method: 'POST', body: fd, credentials: 'same-origin', headers: { 'x-csrf-token': csrf, 'accept-language': getLang() } });
  const json = (await res.json().catch(() => ({}))) as ImportPreview & { error?: { code?: string; message?: string; messages?: Record<string, string> } };
  if (!res.ok) throw new ApiError(res.status, json.error?.code ?? 'UPLOAD', json.error?.messages?.[getLang()] ?? json.error?.message ?? `HTTP ${res.status}`);
  return json;
}

export function ImportPage() {
  const t = useT();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const inCommunity = me.scope.level === 'community' || me.scope.level === 'grid';
  const [communityId, setCommunityId] = useState<number | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'upload' });
  const [mapping, setMapping] = useState<Mapping>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await fn(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const onFile = (file: File) => run(async () => {
    const preview = await uploadFile(file, inCommunity ? null : communityId, me.csrfToken);
    setMapping(preview.mapping);
    setStage({ kind: 'mapping', preview });
  });
  const check = (preview: ImportPreview) => run(async () => {
    const res = await api.post<ImportSummary>(`/api/population/imports/${preview.importId}/commit`, { mapping, dryRun: true });
    // A server that ignores dryRun has already queued the real import: say so rather than pretend it was a check.
    if (res.jobId && REAL_RUN.includes(res.status)) {
      setNotice(t('服务器未执行试导入校验，已直接开始导入；未通过的行将在导入完成后列出。', 'The server did not do a dry run and started the import; rejected rows are listed when it finishes.'));
      setStage({ kind: 'running', preview, jobId: res.jobId });
    } else setStage({ kind: 'checked', preview, check: res });
  });
  const commit = (preview: ImportPreview) => run(async () => {
    const res = await api.post<ImportSummary>(`/api/population/imports/${preview.importId}/commit`, { mapping, dryRun: false });
    if (res.jobId && res.status !== 'done') setStage({ kind: 'running', preview, jobId: res.jobId });
    else setStage({ kind: 'done', summary: res });
  });
  const finished = (preview: ImportPreview) => void run(async () => {
    setStage({ kind: 'done', summary: await api.get<ImportSummary>(`/api/population/imports/${preview.importId}`) });
    await qc.invalidateQueries({ queryKey: ['population'] });
  });
  const restart = () => { setStage({ kind: 'upload' }); setMapping({}); setError(null); setNotice(null); };

  const issues = mappingIssues(mapping);
  const mappingOk = !issues.missing.length && !issues.doubled.length;

  return (
    <div data-testid="import-page">
      <PageHeader title={t('批量导入人口', 'Import persons')} sub={t('社区花名册（.xlsx / .csv）：自动识别表头，逐行校验，可反复导入同一文件', 'Community registers (.xlsx / .csv): header detected, every row checked, safe to re-import')} />
      <Steps current={STEP[stage.kind]} size="small" responsive style={{ marginBottom: 16 }} items={[
        { title: t('上传文件', 'Upload') }, { title: t('核对列对应', 'Check columns') }, { title: t('校验', 'Validate') }, { title: t('导入', 'Import') },
      ]} />
      <ErrorAlert error={error} testId="import-error" />
      {notice && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={notice} data-testid="import-notice" />}

      {stage.kind === 'upload' && (
        <Card size="small">
          {!inCommunity && (
            <div style={{ maxWidth: 360, marginBottom: 12 }}>
              <Typography.Text>{t('导入到社区', 'Import into community')}</Typography.Text>
              <RegionPicker levels={['community']} value={communityId} onChange={setCommunityId} testId="import-community" />
            </div>
          )}
          {inCommunity && <Typography.Paragraph>{t(`导入到：${me.scope.name}`, `Importing into ${me.scope.name}`)}</Typography.Paragraph>}
          <Upload.Dragger
            accept=".xlsx,.csv,.txt"
            multiple={false}
            showUploadList={false}
            disabled={busy || (!inCommunity && !communityId)}
            beforeUpload={(f) => { void onFile(f); return Upload.LIST_IGNORE; }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{busy ? t('正在读取文件…', 'Reading the file…') : t('点击或拖入花名册文件', 'Click or drop the register file')}</p>
            <p className="ant-upload-hint">{t('支持带标题行、两级表头、签名行的 Excel；.xls 请先另存为 .xlsx', 'Title rows, two-level headers and signature lines are fine; save .xls as .xlsx first')}</p>
          </Upload.Dragger>
        </Card>
      )}

      {(stage.kind === 'mapping' || stage.kind === 'checked') && (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Card size="small" title={t('列对应', 'Column mapping')} data-testid="import-preview"
            extra={<Typography.Text type="secondary" data-testid="import-header-row">
              {t(`${stage.preview.fileName} · 表头在第 ${stage.preview.headerRow} 行 · 数据 ${stage.preview.rows} 行`, `${stage.preview.fileName} · header on row ${stage.preview.headerRow} · ${stage.preview.rows} data rows`)}
            </Typography.Text>}
          >
            <Typography.Paragraph type="secondary">{t('已按列名自动识别；识别不了或识别错的列，请在「导入为」中改正。', 'Columns were matched by their names; correct any that are wrong or unmatched under "Imports as".')}</Typography.Paragraph>
            {issues.missing.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="import-missing" title={t(`请为以下字段指定列：${issues.missing.map((f) => label(t, IMPORT_FIELD[f])).join('、')}`, `Choose a column for: ${issues.missing.join(', ')}`)} />}
            {issues.doubled.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={t(`同一字段只能对应一列：${issues.doubled.map((f) => label(t, IMPORT_FIELD[f])).join('、')}`, `One column per field: ${issues.doubled.join(', ')}`)} />}
            <MappingTable preview={stage.preview} mapping={mapping} onChange={(m) => { setMapping(m); if (stage.kind === 'checked') setStage({ kind: 'mapping', preview: stage.preview }); }} />
            <Space wrap style={{ marginTop: 12 }}>
              <Button type="primary" loading={busy} disabled={!mappingOk} onClick={() => check(stage.preview)} data-testid="import-check-run">{t('校验全部行', 'Check every row')}</Button>
              <Button onClick={restart}>{t('重新上传', 'Upload another file')}</Button>
            </Space>
          </Card>
          {stage.kind === 'checked' && (
            <ResultView summary={stage.check} dryRun extra={
              <Button type="primary" loading={busy} disabled={stage.check.valid === 0} onClick={() => commit(stage.preview)} data-testid="import-commit">
                {t(`确认导入（${stage.check.valid} 行）`, `Import (${stage.check.valid} rows)`)}
              </Button>
            } />
          )}
          {stage.kind === 'mapping' && stage.preview.sample.length > 0 && (
            <Card size="small" title={t(`前 ${stage.preview.sample.length} 行预览（按自动识别的列对应校验）`, `First ${stage.preview.sample.length} rows (checked with the detected mapping)`)}>
              <SampleTable preview={stage.preview} />
            </Card>
          )}
        </Space>
      )}

      {stage.kind === 'running' && (
        <Card size="small" title={t('正在导入…', 'Importing…')} data-testid="import-running">
          <JobProgress jobId={stage.jobId} onDone={() => finished(stage.preview)} />
        </Card>
      )}

      {stage.kind === 'done' && (
        <ResultView summary={stage.summary} dryRun={false} extra={<>
          <Link to="/population"><Button type="primary" data-testid="import-to-search">{t('查看人口信息', 'Open population')}</Button></Link>
          <Button onClick={restart}>{t('再导入一个文件', 'Import another file')}</Button>
        </>} />
      )}
    </div>
  );
}
