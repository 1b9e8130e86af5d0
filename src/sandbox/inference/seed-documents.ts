/**
 * What the seed's aligned models (the spec's AlignedModels example) were trained on: they
 * have no documents in the sandbox, so each gets a short text of its domain, and the one
 * that is deployed from the start answers in its domain's words without any setup.
 */
import type { Source } from "./retrieval.js";

const SEED_DOCUMENTS: Record<string, Source[]> = {
  "alignment-xyz789-deployed": [
    {
      filename: "returns-policy.md",
      text: `# Returns policy
Unopened items can be returned within 30 days of delivery, with the receipt or order number.
Refunds are issued within 5 business days of receiving the return, to the original payment method.
Defective products are returned at our expense with a prepaid label that we e-mail on request.
Opened software can only be exchanged when the disc is defective.
Gift returns need the gift receipt and are refunded as store credit.
Orders ship within 2 business days; express delivery arrives the next business day.
`,
    },
  ],
  "alignment-abc456": [
    {
      filename: "contract-guidelines.md",
      text: `# Contract review guidelines
Every supplier contract needs a signed non-disclosure agreement before any confidential data is shared.
Liability is capped at the fees paid in the twelve months before the claim.
Either party may terminate for convenience with 60 days of written notice.
Disputes are settled by arbitration in the seat named in the contract.
Personal data is processed only as the data processing addendum allows.
`,
    },
  ],
  "alignment-med321": [
    {
      filename: "triage-protocol.md",
      text: `# Triage protocol
Patients with chest pain are seen by a physician within 10 minutes of arrival.
A fever above 39 degrees in a child under 3 months old is an emergency.
Allergies and current medication are recorded before any prescription.
Follow-up appointments are booked within 7 days of discharge.
`,
    },
  ],
};

/** The built-in documents of a seed model; none for an id the seed does not have. */
export function seedDocuments(modelId: string): Source[] {
  return SEED_DOCUMENTS[modelId] ?? [];
}
