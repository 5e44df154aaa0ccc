import type { CaseView } from '../../../contracts/src/case.contract';
import { openCaseView, sealCaseView } from './case-view-seal';
import { FieldCipher } from './field-cipher';

describe('sealCaseView / openCaseView', () => {
  const cipher = new FieldCipher(Buffer.alloc(32, 9).toString('base64'));
  const view = (submission: Record<string, unknown> | null) =>
    ({ caseId: 'c1', state: 'PENDING_APPROVAL', submission }) as unknown as CaseView;
  const several = {
    outcome: 'CORRECTED',
    summary: 's',
    submittedBy: 'bo',
    corrections: [
      { customerId: '7', field: 'phone', oldValue: '13800138000', newValue: '13900139000' },
      { customerId: '7', field: 'bankAccount', oldValue: '6222020200112233445', newValue: '6222020200998877665' },
      {
        customerId: '8',
        field: 'idNumber',
        idType: 'RESIDENT_ID',
        oldValue: '11010119900307123X',
        newValue: '110101199003071248',
      },
    ],
  };

  it('keeps no submitted value in clear, and opens back to the view it sealed', () => {
    const stored = JSON.stringify(sealCaseView(view(several), cipher));
    for (const v of ['13800138000', '13900139000', '6222020200112233445', '11010119900307123X', '110101199003071248'])
      expect(stored).not.toContain(v);
    expect(stored).toContain('"customerId":"7"');
    expect(openCaseView(JSON.parse(stored), cipher)).toEqual(view(several));
  });

  it('leaves views without corrections as they are, and seals only once', () => {
    expect(sealCaseView(view(null), cipher)).toEqual(view(null));
    const cleared = view({ outcome: 'CLEARED', summary: 's', submittedBy: 'bo' });
    expect(sealCaseView(cleared, cipher)).toEqual(cleared);
    const once = sealCaseView(view(several), cipher);
    expect(sealCaseView(once, cipher)).toEqual(once);
  });
});
