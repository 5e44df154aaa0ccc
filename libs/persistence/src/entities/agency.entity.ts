import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'agencies' })
export class AgencyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'branch_code', type: 'text' })
  branchCode!: string;

  @Column({ name: 'phone_enc', type: 'bytea', nullable: true })
  phoneEnc!: Buffer | null;

  @Column({ name: 'phone_hash', type: 'bytea', nullable: true })
  phoneHash!: Buffer | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** Blind index of the normalised address: detection compares customers' addresses with it. */
  @Column({ name: 'address_hash', type: 'bytea', nullable: true })
  addressHash!: Buffer | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
