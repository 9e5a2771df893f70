// The person page's cards: household with its members, the house, the timeline, dated events and the change history
// (each change as field · before → after, written by whom and when).
import { Link } from 'react-router';
import { Card, Descriptions, Empty, Table, Tag, Timeline, Typography } from 'antd';
import { useT, type T } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { DataTable } from '../../components/data-table.tsx';
import {
  EVENT_KIND, GENDER, HOUSE_USE, STATUS, SYSTEM_EVENT_KIND, ageText, label, type EventKind, type HistoryItem, type House, type Household, type PersonPageData, type TimelineItem,
} from './population-api.ts';

const FIELD: Record<string, [string, string]> = {
  name: ['姓名', 'Name'], formerNames: ['曾用名', 'Former names'], gender: ['性别', 'Gender'], birthDate: ['出生日期', 'Birth date'], docType: ['证件类型', 'Document type'],
  docLast4: ['证件号后四位', 'ID last 4'], phoneLast4: ['电话后四位', 'Phone last 4'], ethnicity: ['民族', 'Ethnicity'], education: ['文化程度', 'Education'],
  politicalStatus: ['政治面貌', 'Political status'], maritalStatus: ['婚姻状况', 'Marital status'], employment: ['就业状况', 'Employment'],
  registeredAddress: ['户籍地址', 'Registered address'], residencyType: ['人口类型', 'Residency'], relationToHead: ['与户主关系', 'Relation to head'], status: ['状态', 'Status'],
  communityId: ['社区', 'Community'], gridId: ['网格', 'Grid'], householdId: ['户', 'Household'], houseId: ['房屋', 'House'], tag: ['标签', 'Tag'], attributes: ['标签属性', 'Tag attributes'],
  startDate: ['开始日期', 'Start date'], endDate: ['结束日期', 'End date'],
};
const ACTION: Record<string, [string, string]> = {
  create: ['新建', 'Created'], update: ['修改', 'Updated'], 'tag.set': ['设置标签', 'Tag set'], 'tag.remove': ['移除标签', 'Tag removed'], import: ['导入', 'Imported'], event: ['事件', 'Event'],
};

/** "event.move_out" reads as the event's own name. */
function actionText(t: T, action: string): string {
  const a = ACTION[action];
  if (a) return t(a[0], a[1]);
  const ev = action.startsWith('event.') ? EVENT_KIND[action.slice(6) as EventKind] : undefined;
  return ev ? t(`事件：${ev.zh}`, `Event: ${ev.en}`) : action;
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(show).join('、') : '—';
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${show(x)}`).join('；');
  return String(v);
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

type Change = { key: string; field: string; before: string; after: string };
function changes(t: T, h: HistoryItem): Change[] {
  const b = asRecord(h.before), a = asRecord(h.after);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].map((k) => {
    const f = FIELD[k];
    return { key: k, field: f ? t(f[0], f[1]) : k, before: show(b[k]), after: show(a[k]) };
  });
}

export function HistoryCard({ items }: { items: HistoryItem[] }) {
  const t = useT();
  return (
    <Card size="small" title={t('变更记录', 'History')} data-testid="person-history">
      <DataTable<HistoryItem>
        rowKey="id"
        dataSource={items}
        pagination={items.length > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: t('暂无变更', 'No changes yet') }}
        columns={[
          { title: t('time'), dataIndex: 'at', render: fmtTime, width: 160 },
          { title: t('操作', 'Action'), dataIndex: 'action', render: (v: string) => <Tag>{actionText(t, v)}</Tag> },
          { title: t('操作人', 'By'), dataIndex: 'actor', render: (v: string | null) => v ?? '—' },
          {
            title: t('变更内容（前 → 后）', 'Change (before → after)'), key: 'change',
            render: (_, h) => (
              <Table<Change> size="small" pagination={false} showHeader={false} rowKey="key" dataSource={changes(t, h)} style={{ minWidth: 280 }}
                columns={[
                  { dataIndex: 'field', width: 110, render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
                  { key: 'ba', render: (_: unknown, c: Change) => <span><Typography.Text delete={h.action !== 'create'} type="secondary">{c.before}</Typography.Text>{' → '}<Typography.Text>{c.after}</Typography.Text></span> },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

export function HouseholdCard({ household, currentId }: { household: Household | null; currentId: string }) {
  const t = useT();
  return (
    <Card size="small" title={t('所在户', 'Household')} data-testid="person-household">
      {!household ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('未关联户', 'No household')} /> : (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
            { key: 'no', label: t('户号', 'Household no.'), children: household.householdNo ?? '—' },
            { key: 'kind', label: t('户类型', 'Kind'), children: household.kind === 'family' ? t('家庭户', 'Family') : t('集体户', 'Collective') },
            { key: 'head', label: t('户主', 'Head'), children: household.headName ?? '—' },
            { key: 'count', label: t('人数', 'Members'), children: household.memberCount },
            { key: 'addr', label: t('住址', 'Address'), children: household.address ?? household.registeredAddress ?? '—', span: 2 },
          ]} />
          <DataTable
            rowKey="id"
            pagination={false}
            dataSource={household.members ?? []}
            columns={[
              { title: t('姓名', 'Name'), dataIndex: 'name', render: (v: string, m) => (m.id === currentId ? <b>{v}</b> : <Link to={`/population/persons/${m.id}`}>{v}</Link>) },
              { title: t('与户主关系', 'Relation'), dataIndex: 'relationToHead', render: (v: string | null) => v ?? '—' },
              { title: t('性别', 'Gender'), dataIndex: 'gender', render: (v: 'M' | 'F' | null) => (v ? label(t, GENDER[v]) : '—') },
              { title: t('年龄', 'Age'), dataIndex: 'age', render: (v: number | null) => ageText(t, v) },
              { title: t('status'), dataIndex: 'status', render: (v: keyof typeof STATUS) => <Tag color={STATUS[v].color}>{label(t, STATUS[v])}</Tag> },
            ]}
          />
        </>
      )}
    </Card>
  );
}

export function HouseCard({ house }: { house: House | null }) {
  const t = useT();
  return (
    <Card
      size="small"
      title={t('居住房屋', 'House')}
      data-testid="person-house"
      extra={house && <Link to={`/population/buildings/${house.buildingId}`}>{t('楼栋视图', 'Building view')}</Link>}
    >
      {!house ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('未关联房屋', 'No house')} /> : (
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
          { key: 'where', label: t('位置', 'Where'), children: `${house.buildingName} ${house.unit}${t('单元', '-')}${house.room}` },
          { key: 'use', label: t('用途', 'Use'), children: <Tag color={HOUSE_USE[house.use].color}>{label(t, HOUSE_USE[house.use])}</Tag> },
          { key: 'area', label: t('面积', 'Area'), children: house.area ? `${house.area} m²` : '—' },
          { key: 'owner', label: t('产权人', 'Owner'), children: house.ownerPersonId ? <Link to={`/population/persons/${house.ownerPersonId}`}>{house.ownerName ?? '—'}</Link> : (house.ownerName ?? '—') },
        ]} />
      )}
    </Card>
  );
}

export function TimelineCard({ items }: { items: TimelineItem[] }) {
  const t = useT();
  return (
    <Card size="small" title={t('时间线', 'Timeline')} data-testid="person-timeline">
      {items.length ? (
        <Timeline items={items.map((x, i) => ({
          key: `${x.at}-${i}`,
          content: (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(x.at)}</Typography.Text>
              <div>{x.title}{x.detail && <Typography.Text type="secondary">：{x.detail}</Typography.Text>}</div>
            </div>
          ),
        }))} />
      ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无记录', 'Nothing yet')} />}
    </Card>
  );
}

export function EventsCard({ events }: { events: PersonPageData['events'] }) {
  const t = useT();
  return (
    <Card size="small" title={t('人口事件', 'Events')} data-testid="person-events">
      <DataTable
        rowKey="id"
        pagination={false}
        dataSource={events}
        locale={{ emptyText: t('暂无事件', 'No events') }}
        columns={[
          { title: t('日期', 'Date'), dataIndex: 'date' },
          { title: t('事件', 'Event'), dataIndex: 'kind', render: (v: string) => <Tag>{label(t, EVENT_KIND[v as EventKind] ?? SYSTEM_EVENT_KIND[v], v)}</Tag> },
          { title: t('说明', 'Note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
