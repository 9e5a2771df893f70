// Register a house (room) in a building: unit, floor, room number, area, use and owner. Rules from contracts.
import { Flex, Form, Input, InputNumber, Select, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { houseInput } from '../../../contracts/population.ts';
import { api } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useT } from '../../lib/i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { HOUSE_USE, label, type Building, type HouseUse } from './population-api.ts';

type Values = { unit: number; floor: number; room: string; area?: number | null; use: HouseUse; ownerName?: string };

export function HouseModal({ building, onClose }: { building: Building; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = zodRules(houseInput);
  return (
    <FormModal<Values>
      title={t(`登记房屋：${building.name}`, `New house in ${building.name}`)}
      form={form}
      testId="house-form"
      initialValues={{ unit: 1, floor: 1, use: 'owner_occupied' }}
      onClose={onClose}
      onSubmit={async (v) => {
        await api.post('/api/houses', { ...v, buildingId: building.id, area: v.area ?? null, ownerName: v.ownerName?.trim() || null });
        void message.success(t('房屋已登记', 'House registered'));
        await qc.invalidateQueries({ queryKey: ['population'] });
        onClose();
      }}
    >
      <Flex gap={12} wrap>
        <Form.Item name="unit" label={t('单元', 'Unit')} rules={rules.unit} style={{ flex: '1 1 80px' }}><InputNumber min={1} max={50} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="floor" label={t('楼层', 'Floor')} rules={rules.floor} style={{ flex: '1 1 80px' }}><InputNumber min={-5} max={200} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="room" label={t('房号', 'Room')} rules={rules.room} required style={{ flex: '1 1 100px' }}><Input placeholder="301" data-testid="house-form-room" /></Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item name="use" label={t('用途', 'Use')} rules={rules.use} style={{ flex: '1 1 140px' }}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={Object.entries(HOUSE_USE).map(([k, x]) => ({ value: k, label: label(t, x) }))} data-testid="house-form-use" />
        </Form.Item>
        <Form.Item name="area" label={t('面积（m²）', 'Area (m²)')} rules={rules.area} style={{ flex: '1 1 100px' }}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
      </Flex>
      <Form.Item name="ownerName" label={t('产权人', 'Owner')} rules={rules.ownerName}><Input /></Form.Item>
    </FormModal>
  );
}
