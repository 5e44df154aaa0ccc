import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from 'typeorm';
import type { Correction } from '../../../../libs/contracts/src/case.contract';
import { FailureType } from '../../../../libs/contracts/src/failures';
import { normaliseCorrectedValue } from '../../../../libs/domain/src/case/correction';
import { normaliseAddressForIndex } from '../../../../libs/domain/src/contact/address-index';
import type { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import {
  lockCustomerForCorrection,
  lockOtherCustomerWithId,
  rekeyCustomer,
  relinkCustomer,
  replaceAddress,
  replaceBankAccount,
  replacePhone,
  updateCustomerField,
  updatePartiesIdentity,
  type NewCorrection,
} from '../../../../libs/persistence/src/policies/customer-corrections';

/** What the history of a correction keeps of the old value (encrypted, or its text for an address) and the hashes. */
export type CorrectionHistory = Pick<NewCorrection, 'oldEnc' | 'oldText' | 'oldHash' | 'newHash'>;

/**
 * Writes one correction into the customer's record, inside the caller's transaction: a case's approval and a
 * complaint re-check both use it. Refuses (non-retryable) a customer not on record, an old value that is not the
 * recorded one and an invalid new value. Returns the customer the person is linked to afterwards (another one when
 * an ID-number correction merged them) and what the correction's history keeps.
 */
export async function applyCustomerCorrection(
  tx: EntityManager,
  anyCipher: FieldCipher,
  c: Correction,
  today: string,
): Promise<{ linked: string; history: CorrectionHistory }> {
  // Hashes under the index key the database names; old values looked up under every key a rotation has in play.
  const cipher = await anyCipher.forWrite(tx);
  const customer = await lockCustomerForCorrection(tx, c.customerId);
  const notApplicable = (what: string) =>
    ApplicationFailure.nonRetryable(
      `customer ${c.customerId} ${what}; nothing was changed`,
      FailureType.CorrectionNotApplicable,
    );
  if (!customer) throw notApplicable('is not on record');
  const idType = c.field === 'idNumber' ? (c.idType ?? customer.id_type) : undefined;
  const newValue = normaliseCorrectedValue(c.field, c.newValue, { today, idType });
  if (newValue === null)
    throw ApplicationFailure.nonRetryable(`the corrected ${c.field} is not valid`, FailureType.CorrectionInvalid);
  const oldValue =
    normaliseCorrectedValue(c.field, c.oldValue, { today, idType: customer.id_type }) ?? c.oldValue.trim();
  const hashed = c.field === 'phone' || c.field === 'bankAccount' || c.field === 'address' || c.field === 'idNumber';
  const indexOf = (v: string) => cipher.blindIndex(c.field === 'address' ? normaliseAddressForIndex(v) : v);
  const lookup = (v: string) => cipher.blindIndexes(c.field === 'address' ? normaliseAddressForIndex(v) : v);
  const wrong = `has no ${c.field} equal to the value given as wrong`;
  let linked = c.customerId;
  switch (c.field) {
    case 'phone':
      if (!(await replacePhone(tx, c.customerId, lookup(oldValue), cipher.encrypt(newValue), indexOf(newValue))))
        throw notApplicable(wrong);
      break;
    case 'address':
      if (!(await replaceAddress(tx, c.customerId, lookup(oldValue), newValue, indexOf(newValue))))
        throw notApplicable(wrong);
      break;
    case 'bankAccount':
      if (!(await replaceBankAccount(tx, c.customerId, lookup(oldValue), cipher.encrypt(newValue), indexOf(newValue))))
        throw notApplicable(wrong);
      break;
    case 'name':
    case 'gender':
    case 'birthDate': {
      const column = c.field === 'name' ? 'name' : c.field === 'gender' ? 'gender' : 'birth_date';
      const recorded =
        c.field === 'name' ? customer.name : c.field === 'gender' ? customer.gender : customer.birth_date;
      if ((recorded ?? '').trim() !== oldValue) throw notApplicable(wrong);
      await updateCustomerField(tx, c.customerId, column, newValue);
      break;
    }
    case 'idNumber': {
      if (cipher.decrypt(customer.id_number_enc) !== oldValue) throw notApplicable(wrong);
      const newType = idType!;
      // The customer row is keyed by ID type + number: merge into the customer who already has the true ID, or re-key.
      const idHash = cipher.blindIndex(`${newType}:${newValue}`);
      const idEnc = cipher.encrypt(newValue);
      const existing = await lockOtherCustomerWithId(
        tx,
        newType,
        cipher.blindIndexes(`${newType}:${newValue}`),
        c.customerId,
      );
      if (existing) {
        linked = existing;
        await relinkCustomer(tx, c.customerId, linked);
      } else {
        await rekeyCustomer(tx, c.customerId, newType, idHash, idEnc);
      }
      await updatePartiesIdentity(tx, linked, newType, idHash, idEnc);
      break;
    }
  }
  return {
    linked,
    history: {
      oldEnc: c.field === 'address' ? null : cipher.encrypt(oldValue),
      oldText: c.field === 'address' ? oldValue : null,
      oldHash: hashed && c.field !== 'idNumber' ? indexOf(oldValue) : null,
      newHash: hashed && c.field !== 'idNumber' ? indexOf(newValue) : null,
    },
  };
}
