// Type-checked (tsc --noEmit --strict) against the types openapi-typescript generates from the served
// OpenAPI document: a consumer's view of agreements, lists, problems and the change feed. Never run.
import type { components, operations, paths } from "./governance";

type CollaborationAgreement = components["schemas"]["CollaborationAgreement"];
type AgreementList =
  paths["/api/v1/collaboration-agreements"]["get"]["responses"][200]["content"]["application/json"];
type AgreementListItem = AgreementList["items"][number];
type ListQuery = NonNullable<operations["list_collaboration_agreements"]["parameters"]["query"]>;
type Problem = components["schemas"]["Problem"];
type NewApproval =
  paths["/api/v1/collaboration-agreements/{id}/approvals"]["post"]["requestBody"]["content"]["application/json"];
type ChangeEvent = components["schemas"]["ChangeEvent"];

export function inForce(list: AgreementList): AgreementListItem[] {
  return list.items.filter((agreement) => agreement.status === "in_force");
}

export function describe(agreement: CollaborationAgreement): string {
  const parties = agreement.parties.map((party) => party.corporation_sole_id).join(", ");
  return `${agreement.reference} (${agreement.status}, version ${agreement.version}): ${parties}`;
}

export const query: ListQuery = { status: "in_force", limit: 50 };

export function approval(partyId: string): NewApproval {
  return {
    party_id: partyId,
    approved_on: "2015-11-26",
    rationale: {
      efficiency_or_effectiveness: "one joint unit",
      existing_collaboration_considered: "builds on the BCH alliance",
      consistency_considered: "one process",
      other_opportunities_considered: "regional options",
    },
  };
}

export function explain(problem: Problem): string {
  return `${problem.status} ${problem.code}: ${problem.title}`;
}

export function commenced(events: ChangeEvent[]): string[] {
  return events.filter((event) => event.event_type === "collaboration_agreement.commenced").map((e) => e.resource_id);
}

export async function listInForce(base: string, token: string): Promise<AgreementListItem[]> {
  const response = await fetch(`${base}/api/v1/collaboration-agreements?status=in_force`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    throw new Error(explain((await response.json()) as Problem));
  }
  return inForce((await response.json()) as AgreementList);
}

export async function getAgreement(base: string, id: string): Promise<CollaborationAgreement> {
  const response = await fetch(`${base}/api/v1/collaboration-agreements/${id}`);
  const body: paths["/api/v1/collaboration-agreements/{id}"]["get"]["responses"][200]["content"]["application/json"] =
    await response.json();
  return body;
}
