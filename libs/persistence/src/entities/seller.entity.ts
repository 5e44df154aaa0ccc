import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SELLER_KINDS = ['agent', 'bancassurance_manager', 'agency_staff'] as const;
export type SellerKind = (typeof SELLER_KINDS)[number];

@Entity({ name: 'sellers' })
export class SellerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: SellerKind;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'branch_code', type: 'text' })
  branchCode!: string;

  @Column({ name: 'agency_code', type: 'text', nullable: true })
  agencyCode!: string | null;

  @Column({ name: 'phone_enc', type: 'bytea', nullable: true })
  phoneEnc!: Buffer | null;

  @Column({ name: 'phone_hash', type: 'bytea', nullable: true })
  phoneHash!: Buffer | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** Blind index of the normalised address: detection compares customers' addresses with it. */
  @Column({ name: 'address_hash', type: 'bytea', nullable: true })
  addressHash!: Buffer | null;

  /** The date the seller passed the form-filling test (Art. 10); null until then. */
  @Column({ name: 'qualified_on', type: 'date', nullable: true })
  qualifiedOn!: string | null;

  /** The seller's own identity document (optional), so a seller who is the customer on their own policy is recognised. */
  @Column({ name: 'id_type', type: 'text', nullable: true })
  idType!: string | null;

  @Column({ name: 'id_number_enc', type: 'bytea', nullable: true })
  idNumberEnc!: Buffer | null;

  /** Blind index of `type:number`, the same as customers', so detection compares them without decrypting. */
  @Column({ name: 'id_number_hash', type: 'bytea', nullable: true })
  idNumberHash!: Buffer | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
