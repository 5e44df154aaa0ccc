import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { VerityEnv } from '../../../../libs/config/src';
import { temporalDataConverter } from '../../../../libs/temporal/src';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** Closes the Temporal connection when the API shuts down. */
@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [VerityEnv],
      useFactory: async (env: VerityEnv) => {
        // Lazy: the API starts (and reports itself unhealthy) even while Temporal is still coming up.
        const connection = Connection.lazy({ address: env.TEMPORAL_ADDRESS });
        return new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(env) });
      },
    },
    TemporalConnectionCloser,
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule {}
