// 我的 (/me): a resident's own page, built from the cards in cards.tsx that the user may see.
import { Suspense } from 'react';
import { Alert, Card, Col, Row, Skeleton } from 'antd';
import { hasPerm, useCurrentUser } from '../../app/auth.tsx';
import { useLang, useT } from '../../lib/i18n.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RESIDENT_CARDS } from './cards.tsx';

export function ResidentPage() {
  const me = useCurrentUser();
  const t = useT();
  const lang = useLang();
  const cards = RESIDENT_CARDS.filter((c) => hasPerm(me, c.perm)).sort((a, b) => a.order - b.order);
  return (
    <div data-testid="resident-page">
      <PageHeader title={t(`您好，${me.user.displayName}`, `Hello, ${me.user.displayName}`)} sub={me.home.name} />
      <Row gutter={[12, 12]}>
        {cards.map((c) => (
          <Col key={c.key} xs={24} md={12} xl={8}>
            <Card size="small" title={lang === 'zh-CN' ? c.titleZh : c.titleEn} data-testid={`resident-card-${c.key}`} style={{ height: '100%' }}>
              <Suspense fallback={<Skeleton active paragraph={{ rows: 2 }} />}>{c.element}</Suspense>
            </Card>
          </Col>
        ))}
      </Row>
      {cards.length <= 2 && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={t('网上办事、证明开具、问题反映等服务开通后会显示在这里。', 'Online services, certificates and reporting a problem appear here once they are enabled.')}
        />
      )}
    </div>
  );
}
