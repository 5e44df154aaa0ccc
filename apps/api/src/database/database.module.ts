import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadEnv, VerityEnv } from '../../../../libs/config/src';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { dataSourceOptions } from '../../../../libs/persistence/src/data-source';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';

/**
 * Validated environment, the database connection, the field cipher and the case read model (the one owner of the
 * case tables, read by cases, policies, calendar and dashboard), available to every module.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      useFactory: () => dataSourceOptions(loadEnv().DATABASE_URL, 20),
    }),
  ],
  providers: [
    { provide: VerityEnv, useFactory: () => loadEnv() },
    { provide: FieldCipher, inject: [VerityEnv], useFactory: (env: VerityEnv) => FieldCipher.fromEnv(env) },
    {
      provide: CaseReadModel,
      inject: [DataSource, FieldCipher],
      useFactory: (db: DataSource, cipher: FieldCipher) => new CaseReadModel(db, cipher),
    },
  ],
  exports: [VerityEnv, FieldCipher, CaseReadModel],
})
export class DatabaseModule {}
