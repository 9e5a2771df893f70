// The resident's own basics, from GET /api/auth/me (the population module may later add household details).
import { Descriptions, Tag } from 'antd';
import { useCurrentUser } from '../../app/auth.tsx';
import { useLang, useT } from '../../lib/i18n.ts';
import { LEVEL_LABEL } from '../../lib/regions.ts';
import type { RegionLevel } from '../../../contracts/common.ts';

export function ProfileCard() {
  const me = useCurrentUser();
  const t = useT();
  const lang = useLang();
  const level = LEVEL_LABEL[me.home.level as RegionLevel]?.[lang === 'zh-CN' ? 0 : 1] ?? me.home.level;
  return (
    <Descriptions column={1} size="small" data-testid="resident-profile">
      <Descriptions.Item label={t('姓名', 'Name')}>{me.user.displayName}</Descriptions.Item>
      <Descriptions.Item label={t('所属', 'Belongs to')}>{me.home.name} <Tag>{level}</Tag></Descriptions.Item>
      <Descriptions.Item label={t('人口信息', 'Population record')}>
        {me.user.personId
          ? <Tag color="success">{t('已关联社区人口信息', 'Linked to the community record')}</Tag>
          : <Tag color="warning">{t('未关联：请到社区核对登记的手机号', 'Not linked: ask your community to check your phone number')}</Tag>}
      </Descriptions.Item>
    </Descriptions>
  );
}
