/**
 * What the subgraphs' internal routes answer one another: each shape defined once, here, and read by both the subgraph
 * that answers and the one that asks (see docs/architecture.md, "Subgraphs call each other only through internal routes").
 */

/** The person behind an account (candidates' `GET /internal/candidates/:accountId/profile?examYear=`), for exams. */
export interface CandidateProfile {
  account: { id: string; province: string; idType: string; idNumber: string; phone: string; name: string | null };
  /** The person's roster entry (名单) for the exam year asked, where the province registers from a roster. */
  roster: { name: string; collegeCode: string; collegeName: string; majorCode: string; majorName: string; track: string } | null;
}

/** What payments reads before it opens an order (exams' `GET /internal/registrations/:id/payable`): who pays, how much, through which channel, and whether now. */
export interface Payable {
  registrationId: string;
  accountId: string;
  examSessionId: string;
  ruleSetHash: string;
  readyToPay: boolean;
  notReadyBecause?: { code: string; message: string };
  totalFen: number;
  lines: { code: string; name: string; amountFen: number }[];
  channel?: { code: string; name: string };
  paid: boolean;
  /** The payment order the registration was paid by, once paid. */
  paidOrderId?: string;
  /** What the rules allow once paid: refunds at any time, or where qualification review failed. */
  refund: { afterPayment: boolean; whenReviewFails: boolean; reviewFailed: boolean };
}

/**
 * A registration as the upload service sees it (exams' `GET /internal/registrations/:id/upload-target`): whose it is,
 * where it sits, the file fields its steps ask with the rules' limits, and the rules' photo section. Exams fills in
 * its own step codes, statuses and photo type; candidates reads them as the rules' types too.
 */
export interface UploadTarget<Photo = unknown, Step extends string = string, Status extends string = string> {
  registrationId: string;
  accountId: string;
  province: string;
  collegeCode: string | null;
  examSessionId: string;
  fields: { code: string; step: Step; label: string; type: 'file' | 'photo' | 'recording'; formats?: string[]; maxBytes?: number; stepStatus: Status; blockedBy?: { code: string; message: string } }[];
  photo: Photo;
}
