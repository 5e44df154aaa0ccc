import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loadEnv, VerityEnv } from '../../../../libs/config/src';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { dataSourceOptions } from '../../../../libs/persistence/src/data-source';

/** Validated environment, the database connection and the field cipher, available to every module. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      useFactory: () => dataSourceOptions(loadEnv().DATABASE_URL, 20),
    }),
  ],
  providers: [
    { provide: VerityEnv, useFactory: () => loadEnv() },
    { provide: FieldCipher, inject: [VerityEnv], useFactory: (env: VerityEnv) => new FieldCipher(env.VERITY_DATA_KEY) },
  ],
  exports: [VerityEnv, FieldCipher],
})
export class DatabaseModule {}
