// 工作日历 (/work-calendar): public holidays and make-up working days are data; every working-time limit (case SLAs
// and any other module's) is computed from them. Shows the year on a calendar, lists the special days, lets
// case.config holders add or remove them, and has a small deadline calculator.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Calendar, Card, Col, DatePicker, Form, Input, InputNumber, List, Popconfirm, Row, Select, Space, Tag, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import type { calendarResponse } from '../../../contracts/cases.ts';
import { api, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { useCan } from '../../app/auth.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';

type CalendarYear = z.infer<typeof calendarResponse>;
type DayValues = { date: Dayjs; kind: 'holiday' | 'workday'; name: string };

function DeadlineCalculator() {
  const t = useT();
  const [value, setValue] = useState(5);
  const [unit, setUnit] = useState<'hours' | 'days'>('days');
  const [due, setDue] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setError(null);
    try {
      const r = await api.get<{ dueAt: string }>('/api/calendar/deadline', { start: new Date().toISOString(), value, unit });
      setDue(r.dueAt);
    } catch (err) { setError(err); }
  };
  return (
    <Card size="small" title={t('时限计算', 'Deadline calculator')} style={{ marginTop: 12 }}>
      <ErrorAlert error={error} />
      <Space wrap>
        <Typography.Text>{t('从现在起', 'From now')}</Typography.Text>
        <InputNumber min={0.5} max={10000} step={0.5} value={value} onChange={(v) => setValue(v ?? 1)} style={{ width: 90 }} />
        <Select value={unit} onChange={setUnit} style={{ width: 100 }} options={[{ value: 'hours', label: t('工作小时', 'working h') }, { value: 'days', label: t('工作日', 'working d') }]} />
        <Button onClick={run} data-testid="calendar-deadline">{t('计算', 'Compute')}</Button>
        {due && <Typography.Text strong data-testid="calendar-due">{t('到期：', 'Due: ')}{fmtTime(due)}</Typography.Text>}
      </Space>
    </Card>
  );
}

export function CalendarPage() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const [form] = Form.useForm<DayValues>();
  const [year, setYear] = useState(dayjs().year());
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const cal = useQuery({ queryKey: ['work-calendar', year], queryFn: () => api.get<CalendarYear>('/api/calendar', { year }) });
  const byDate = new Map((cal.data?.days ?? []).map((d) => [d.date, d]));
  const writable = can('case.config');
  const refresh = () => qc.invalidateQueries({ queryKey: ['work-calendar'] });

  const add = async (v: DayValues) => {
    try {
      await api.put('/api/calendar/days', { days: [{ date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name ?? '' }] });
      form.resetFields(['date', 'name']);
      await refresh();
      void message.success(t('已保存', 'Saved'));
    } catch (err) { void message.error(errorMessage(err)); }
  };
  const remove = async (date: string) => {
    try {
      await api.del(`/api/calendar/days/${date}`);
      await refresh();
    } catch (err) { void message.error(errorMessage(err)); }
  };

  return (
    <div data-testid="calendar-page">
      <PageHeader title={t('工作日历', 'Working calendar')}
        sub={cal.data && t(`工作时段：${cal.data.workHours.map(([a, b]) => `${a}–${b}`).join('、')}；周末休息，下列日期例外`, `Office hours ${cal.data.workHours.map(([a, b]) => `${a}–${b}`).join(', ')}; weekends off except below`)}
        extra={<InputNumber min={2000} max={2100} value={year} onChange={(v) => { if (v) { setYear(v); setMonth(month.year(v)); } }} suffix={t('年', '')} style={{ width: 110 }} data-testid="calendar-year" />} />
      <ErrorAlert error={cal.error} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Calendar fullscreen={false} value={month} onPanelChange={(d) => { setMonth(d); if (d.year() !== year) setYear(d.year()); }} onSelect={(d) => setMonth(d)}
              cellRender={(d, info) => {
                if (info.type !== 'date') return info.originNode;
                const x = byDate.get(d.format('YYYY-MM-DD'));
                return x ? <Badge status={x.kind === 'holiday' ? 'error' : 'processing'} text={x.kind === 'holiday' ? t('休', 'off') : t('班', 'work')} /> : null;
              }} />
          </Card>
          <DeadlineCalculator />
        </Col>
        <Col xs={24} lg={10}>
          {writable && (
            <Card size="small" title={t('添加节假日或调休上班日', 'Add a holiday or make-up workday')} style={{ marginBottom: 12 }}>
              <Form<DayValues> form={form} layout="inline" onFinish={add} initialValues={{ kind: 'holiday' }} style={{ rowGap: 8 }}>
                <Form.Item name="date" rules={[{ required: true, message: t('请选择日期', 'Choose a date') }]}><DatePicker data-testid="calendar-date" /></Form.Item>
                <Form.Item name="kind"><Select style={{ width: 110 }} options={[{ value: 'holiday', label: t('放假', 'Holiday') }, { value: 'workday', label: t('调休上班', 'Workday') }]} /></Form.Item>
                <Form.Item name="name"><Input placeholder={t('名称，如：春节', 'Name')} maxLength={40} style={{ width: 140 }} /></Form.Item>
                <Button type="primary" htmlType="submit" data-testid="calendar-add">{t('保存', 'Save')}</Button>
              </Form>
            </Card>
          )}
          <Card size="small" title={t(`${year} 年特殊日期（${cal.data?.days.length ?? 0} 天）`, `${year} special days (${cal.data?.days.length ?? 0})`)}>
            <List size="small" loading={cal.isLoading} dataSource={cal.data?.days ?? []} style={{ maxHeight: 480, overflow: 'auto' }}
              locale={{ emptyText: t('本年度尚未录入放假安排', 'No holidays entered for this year') }}
              renderItem={(d) => (
                <List.Item actions={writable ? [<Popconfirm key="del" title={t('删除该日期？', 'Remove this day?')} onConfirm={() => remove(d.date)}><Button type="link" size="small" danger>{t('删除', 'Remove')}</Button></Popconfirm>] : []}>
                  <Space><span style={{ fontFamily: 'monospace' }}>{d.date}</span><Tag color={d.kind === 'holiday' ? 'red' : 'blue'}>{d.kind === 'holiday' ? t('放假', 'Holiday') : t('上班', 'Workday')}</Tag>{d.name}</Space>
                </List.Item>
              )} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
