// 楼栋视图: a building as floors × rooms, units side by side, each room coloured by use (owner-occupied, rented,
// vacant, business) with who lives there — the chart communities draw by hand. Clicking a room shows its household.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, Drawer, Empty, Flex, Grid, Select, Space, Tag, Typography, message } from 'antd';
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { api, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { BUILDING_KIND, HOUSE_USE, RESIDENCY, label, type BuildingLayout, type Household, type HouseUse, type LayoutRoom, type Paged } from './population-api.ts';
import { HouseholdMembers } from './household-members.tsx';
import { HouseModal } from './house-form.tsx';

type Unit = BuildingLayout['units'][number];

function RoomCell({ room, onOpen }: { room: LayoutRoom; onOpen: () => void }) {
  const t = useT();
  const use = HOUSE_USE[room.use];
  const names = room.occupants.map((o) => o.name);
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid={`room-${room.room}`}
      data-use={room.use}
      title={`${room.room} · ${label(t, use)}`}
      style={{
        width: '100%', minHeight: 58, padding: '4px 6px', textAlign: 'left', cursor: 'pointer', borderRadius: 6,
        border: `1px solid ${use.color}`, borderLeftWidth: 4, background: use.bg, font: 'inherit',
      }}
    >
      <div style={{ fontWeight: 600, fontSize: 13 }}>{room.room}</div>
      <div style={{ fontSize: 12, color: names.length ? '#333' : '#999', lineHeight: 1.3, wordBreak: 'break-all' }}>
        {names.length ? (names.length > 2 ? t(`${names[0]} 等${names.length}人`, `${names[0]} +${names.length - 1}`) : names.join('、')) : t('无人居住', 'Nobody')}
      </div>
    </button>
  );
}

function UnitBlock({ unit, floors, onOpen }: { unit: Unit; floors: number[]; onOpen: (r: LayoutRoom, unit: number, floor: number) => void }) {
  const t = useT();
  const byFloor = new Map(unit.floors.map((f) => [f.floor, f.rooms]));
  const width = Math.max(1, ...unit.floors.map((f) => f.rooms.length));
  return (
    <Card size="small" title={t(`${unit.unit} 单元`, `Unit ${unit.unit}`)} data-testid={`unit-${unit.unit}`} styles={{ body: { padding: 8 } }} style={{ flex: '0 0 auto' }}>
      <div style={{ display: 'grid', gridTemplateColumns: `28px repeat(${width}, minmax(76px, 104px))`, gap: 4 }}>
        {floors.map((f) => {
          const rooms = byFloor.get(f) ?? [];
          return [
            <div key={`l${f}`} style={{ alignSelf: 'center', textAlign: 'right', color: '#888', fontSize: 12 }}>{f}F</div>,
            ...Array.from({ length: width }, (_, i) => (rooms[i]
              ? <RoomCell key={rooms[i].houseId} room={rooms[i]} onOpen={() => onOpen(rooms[i], unit.unit, f)} />
              : <div key={`e${f}-${i}`} style={{ minHeight: 58, borderRadius: 6, border: '1px dashed #eee' }} />)),
          ];
        })}
      </div>
    </Card>
  );
}

function RoomDrawer({ room, where, onClose, writable }: { room: LayoutRoom; where: string; onClose: () => void; writable: boolean }) {
  const t = useT();
  const qc = useQueryClient();
  const phone = !Grid.useBreakpoint().md;
  const households = useQuery({ queryKey: ['population', 'households', 'house', room.houseId], queryFn: () => api.get<Paged<Household>>('/api/households', { houseId: room.houseId }) });
  const setUse = async (use: HouseUse) => {
    try {
      await api.patch(`/api/houses/${room.houseId}`, { use });
      void message.success(t('saved'));
      await qc.invalidateQueries({ queryKey: ['population'] });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  return (
    <Drawer open onClose={onClose} title={where} size={phone ? '100%' : 'large'} data-testid="room-drawer">
      <Descriptions size="small" column={1} items={[
        { key: 'use', label: t('用途', 'Use'), children: writable
          ? <Select size="small" value={room.use} onChange={setUse} style={{ width: 140 }} options={Object.entries(HOUSE_USE).map(([k, v]) => ({ value: k, label: label(t, v) }))} data-testid="room-use" />
          : <Tag color={HOUSE_USE[room.use].color}>{label(t, HOUSE_USE[room.use])}</Tag> },
        { key: 'area', label: t('面积', 'Area'), children: room.area ? `${room.area} m²` : '—' },
        { key: 'owner', label: t('产权人', 'Owner'), children: room.ownerName ?? '—' },
        { key: 'who', label: t('在住人员', 'Living here'), children: room.occupants.length
          ? <Space wrap size={4}>{room.occupants.map((o) => <Link key={o.id} to={`/population/persons/${o.id}`}><Tag color={RESIDENCY[o.residencyType].color}>{o.name}{o.relationToHead ? `（${o.relationToHead}）` : ''}</Tag></Link>)}</Space>
          : t('无', 'None') },
      ]} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('住户', 'Households')}</Typography.Title>
      <ErrorAlert error={households.error} />
      {households.data && !households.data.items.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('该房屋未登记户', 'No household registered here')} />}
      {households.data?.items.map((h) => <HouseholdMembers key={h.id} id={h.id} withHeader />)}
    </Drawer>
  );
}

export function BuildingViewPage() {
  const t = useT();
  const can = useCan();
  const { id = '' } = useParams();
  const [open, setOpen] = useState<{ houseId: string; where: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: ['population', 'layout', id], queryFn: () => api.get<BuildingLayout>(`/api/buildings/${id}/layout`) });
  const b = q.data?.building;
  // Every declared floor gets a row (an empty row says "no houses registered here"), plus any basement floors.
  const declared = Array.from({ length: b?.floors ?? 0 }, (_, i) => i + 1);
  const floors = [...new Set([...declared, ...(q.data?.units ?? []).flatMap((u) => u.floors.map((f) => f.floor))])].sort((a, c) => c - a);
  const rooms = (q.data?.units ?? []).flatMap((u) => u.floors.flatMap((f) => f.rooms));
  const openRoom = rooms.find((r) => r.houseId === open?.houseId);
  const counts = Object.fromEntries(Object.keys(HOUSE_USE).map((k) => [k, rooms.filter((r) => r.use === k).length]));
  return (
    <div data-testid="building-view">
      <PageHeader
        title={<Space><Link to="/population/buildings"><ArrowLeftOutlined /></Link>{b?.name ?? t('楼栋', 'Building')}{b && <Tag>{label(t, BUILDING_KIND[b.kind])}</Tag>}</Space>}
        extra={b && can('person.write') && <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="house-create">{t('登记房屋', 'New house')}</Button>}
        sub={b && [b.address, t(`${b.units} 个单元 · ${b.floors} 层 · ${b.houses} 套房屋 · 在住 ${b.persons} 人`, `${b.units} units · ${b.floors} floors · ${b.houses} houses · ${b.persons} residents`)].filter(Boolean).join(' · ')}
      />
      <ErrorAlert error={q.error} />
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="use-legend">
        {Object.entries(HOUSE_USE).map(([k, v]) => (
          <Tag key={k} style={{ background: v.bg, borderColor: v.color, color: v.color, borderLeftWidth: 4 }}>{label(t, v)} {counts[k] ?? 0}</Tag>
        ))}
      </Flex>
      {q.isLoading && <Card loading />}
      {q.data && !rooms.length && <Empty description={t('该楼栋尚未登记房屋', 'No houses registered in this building')} />}
      <div style={{ overflowX: 'auto', paddingBottom: 8 }}>
        <Flex gap={12} align="flex-start" style={{ width: 'max-content' }}>
          {(q.data?.units ?? []).map((u) => <UnitBlock key={u.unit} unit={u} floors={floors} onOpen={(r, unit, floor) => setOpen({ houseId: r.houseId, where: `${b?.name ?? ''} ${unit}${t('单元', '-')}${r.room}（${floor}F）` })} />)}
        </Flex>
      </div>
      {adding && b && <HouseModal building={b} onClose={() => setAdding(false)} />}
      {openRoom && open && <RoomDrawer room={openRoom} where={open.where} writable={can('person.write')} onClose={() => setOpen(null)} />}
    </div>
  );
}
