// Types and calls of the certificates pages (the contracts are the source of the shapes).
import type { z } from 'zod';
import type { certificateItem, certPreview, certTypeItem, certVerification, refusalStats } from '../../../contracts/certificates.ts';

export type CertType = z.infer<typeof certTypeItem>;
export type Certificate = z.infer<typeof certificateItem>;
export type Preview = z.infer<typeof certPreview>;
export type Verification = z.infer<typeof certVerification>;
export type RefusalStats = z.infer<typeof refusalStats>;
export type { Paged } from '../../lib/api.ts';

export const POLICY: Record<CertType['policy'], { zh: string; en: string; color: string }> = {
  issue: { zh: '可出具', en: 'Issued', color: 'green' },
  issue_with_evidence: { zh: '凭依据出具', en: 'With evidence', color: 'blue' },
  not_issue: { zh: '不予出具', en: 'Not issued', color: 'red' },
};
