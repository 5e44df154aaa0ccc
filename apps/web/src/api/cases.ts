/** Case steps through the typed client: each body is the generated DTO type of its endpoint. */
import { api, ok } from './client';
import type { components, paths } from './schema';
import type { CaseView } from './views';

type S = components['schemas'];
export type StepBodies = {
  distribute: S['DistributeDto'];
  assign: S['AssignDto'];
  claim: Record<string, never>;
  requestAssist: S['RequestAssistDto'];
  recordAssist: S['RecordAssistDto'];
  takeOver: S['TakeOverDto'];
  reassign: S['ReassignDto'];
  submit: S['SubmitDto'];
  approve: S['ApproveDto'];
  reject: S['RejectDto'];
};
export type Step = keyof StepBodies;

const PATHS = {
  distribute: '/api/cases/{id}/distribute',
  assign: '/api/cases/{id}/assign',
  claim: '/api/cases/{id}/claim',
  requestAssist: '/api/cases/{id}/request-assist',
  recordAssist: '/api/cases/{id}/record-assist',
  takeOver: '/api/cases/{id}/take-over',
  reassign: '/api/cases/{id}/reassign',
  submit: '/api/cases/{id}/submit',
  approve: '/api/cases/{id}/approve',
  reject: '/api/cases/{id}/reject',
} as const satisfies Record<Step, keyof paths>;

export function runStep<K extends Step>(caseId: string, step: K, body: StepBodies[K]): Promise<CaseView> {
  // One call for every step: the path table above is checked against the schema, the bodies by StepBodies.
  const post = api.POST as unknown as (
    path: string,
    init: { params: { path: { id: string } }; body: unknown },
  ) => ReturnType<typeof api.POST>;
  return ok<CaseView>(post(PATHS[step], { params: { path: { id: caseId } }, body }));
}
