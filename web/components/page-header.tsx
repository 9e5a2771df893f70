import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** Page title with its actions on the right; wraps under the title on a phone. */
export function PageHeader({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>
        {sub && <Typography.Text type="secondary">{sub}</Typography.Text>}
      </div>
      {extra && <Flex wrap gap={8}>{extra}</Flex>}
    </Flex>
  );
}
