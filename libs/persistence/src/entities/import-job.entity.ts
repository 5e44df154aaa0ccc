import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ImportKind, ImportStatus } from '../../../contracts/src/import.contract';

export type { ImportKind, ImportStatus };

@Entity({ name: 'imports' })
export class ImportJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: ImportKind;

  @Column({ type: 'text', nullable: true })
  format!: 'csv' | 'ndjson' | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ type: 'text' })
  status!: ImportStatus;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'total_rows', type: 'integer', default: 0 })
  totalRows!: number;

  @Column({ name: 'rows_read', type: 'integer', default: 0 })
  rowsRead!: number;

  @Column({ type: 'integer', default: 0 })
  accepted!: number;

  @Column({ type: 'integer', default: 0 })
  refused!: number;

  @Column({ type: 'integer', default: 0 })
  bad!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
