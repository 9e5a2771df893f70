// Tables everywhere scroll sideways on a narrow screen instead of squeezing columns unreadably.
import { Grid, Table, type TableProps } from 'antd';

export function DataTable<T extends object>(props: TableProps<T>) {
  const screens = Grid.useBreakpoint();
  return <Table<T> size={screens.md ? 'middle' : 'small'} scroll={{ x: 'max-content' }} {...props} />;
}
