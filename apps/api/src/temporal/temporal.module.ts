import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { VerityEnv } from '../../../../libs/config/src';
import { temporalDataConverter } from '../../../../libs/temporal/src';
import { AuditModule } from '../audit/audit.module';
import { TemporalCodecController } from './temporal-codec.controller';
import { TemporalCodecService } from './temporal-codec.service';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** Closes the Temporal connection when the API shuts down. */
@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/**
 * The Temporal client (one lazy connection, closed at shutdown) and the remote codec endpoint. The workflow
 * gateways that use the client are in WorkflowGatewaysModule, which contexts starting workflows import.
 */
@Module({
  imports: [AuditModule],
  controllers: [TemporalCodecController],
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
    TemporalCodecService,
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule {}
