/**
 * Kysely types for every table. One file so the data model reads in one place
 * (docs/architecture.md describes it in prose). Conventions: `T | null` for nullable columns,
 * `Generated<>` for database defaults, timestamps as ISO-8601 UTC text, booleans as 0/1.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** SQLite has no boolean type; 0/1 keeps the SQL portable to PostgreSQL smallint as well. */
export type DBBoolean = 0 | 1;
/** ISO-8601 UTC timestamp, e.g. 2026-11-25T08:00:00.000Z. */
export type Timestamp = string;

export const UNIT_KINDS = ["county", "resource_centre", "node", "national"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const ROLES = ["admin", "editor", "coordinator", "advisor", "reviewer", "unit_contact"] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ["sv", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export interface HealthcareRegionTable {
  id: Generated<number>;
  code: string;
  name_sv: string;
  name_en: string;
}

export interface UnitTable {
  id: Generated<number>;
  kind: UnitKind;
  /** County: SCB county code ("01"); others: a short code ("RC-NORRA", "NOD-TRAUMA", "NAT"). */
  code: string;
  /** County letter (AB, C, …); null for other kinds. */
  letter: string | null;
  name_sv: string;
  name_en: string;
  /** Kolada region id ("0001" … "0025"); null for units that are not counties. */
  kolada_id: string | null;
  /** The county hosting a node; null for other kinds. */
  host_county_id: number | null;
  /** The organisation that runs a node or centre, e.g. "Norrköpings kommun". */
  host_organisation: string | null;
  /** The healthcare region a resource centre serves. */
  healthcare_region_id: number | null;
  active: Generated<DBBoolean>;
  /** Optimistic-concurrency counter: every update must name the version it read. */
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CountyHealthcareRegionTable {
  county_id: number;
  healthcare_region_id: number;
  /** Which part of the county belongs to the region when it is split (Halland). */
  part_sv: string | null;
  part_en: string | null;
}

export interface NodeCountyTable {
  node_id: number;
  county_id: number;
}

export interface RoleTable {
  key: Role;
  sort_order: number;
}

export interface UserTable {
  id: Generated<number>;
  /** Stored lower-case and trimmed; unique. */
  email: string;
  name: string;
  home_unit_id: number;
  /** scrypt hash in the form `scrypt$N$r$p$salt$hash`; null means the account cannot sign in. */
  password_hash: string | null;
  locale: Generated<Locale>;
  active: Generated<DBBoolean>;
  /** Represents users (brukarföreträdare): may fill a team's user-representative seat (decision 021). */
  user_representative: Generated<DBBoolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deactivated_at: Timestamp | null;
}

export interface UserRoleTable {
  user_id: number;
  role: Role;
}

export interface SessionTable {
  /** sha256 of the random token in the cookie: a leaked database does not leak live sessions. */
  id: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  email: string;
  ip: string;
  attempted_at: Timestamp;
  succeeded: DBBoolean;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface Database {
  healthcare_regions: HealthcareRegionTable;
  units: UnitTable;
  county_healthcare_regions: CountyHealthcareRegionTable;
  node_counties: NodeCountyTable;
  roles: RoleTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  settings: SettingTable;
  manual_versions: ManualVersionTable;
  manual_criteria: ManualCriterionTable;
  rounds: RoundTable;
  reviews: ReviewTable;
  review_team_members: ReviewTeamMemberTable;
  round_mutual_review_overrides: RoundMutualReviewOverrideTable;
  self_assessments: SelfAssessmentTable;
  reviewer_scores: ReviewerScoreTable;
  reviewer_submissions: ReviewerSubmissionTable;
  consensus_scores: ConsensusScoreTable;
  evidence: EvidenceTable;
  recommendations: RecommendationTable;
  recommendation_criteria: RecommendationCriterionTable;
  strengths: StrengthTable;
  factual_comments: FactualCommentTable;
  recommendation_answers: RecommendationAnswerTable;
  kolada_kpis: KoladaKpiTable;
  kolada_values: KoladaValueTable;
  kolada_fetches: KoladaFetchTable;
  review_pdf_renders: ReviewPdfRenderTable;
}

export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;

export const MANUAL_STATUSES = ["draft", "published"] as const;
export type ManualStatus = (typeof MANUAL_STATUSES)[number];

export interface ManualVersionTable {
  id: Generated<number>;
  manual_key: "county" | "resource-centre" | "node" | "national";
  version: number;
  status: ManualStatus;
  title_sv: string;
  title_en: string;
  /** The canonical file content (ManualFileSchema) as JSON text. */
  content_json: string;
  /** sha256 of the canonical content: a changed published file is detected by comparing it. */
  checksum: string;
  /** Path under criteria/ the version was loaded from; null for drafts made in the app. */
  source_file: string | null;
  criteria_count: number;
  published_at: Timestamp | null;
  created_by: number | null;
  /** Optimistic-concurrency counter for drafts: a save must name the revision it edited. */
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ManualCriterionTable {
  id: Generated<number>;
  manual_version_id: number;
  key: string;
  dimension_key: string;
  position: number;
  number: string | null;
  demand: string;
  text_sv: string;
  text_en: string;
}

export const REVIEW_STAGES = ["planned", "gathering", "analysis", "assessment", "feedback", "factual_check", "published"] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];
export type Priority = "high" | "medium" | "low";

export interface RoundTable {
  id: Generated<number>;
  name: string;
  level: UnitKind;
  manual_version_id: number;
  period_start: string;
  period_end: string;
  self_assessment_due: string | null;
  scoring_due: string | null;
  consensus_due: string | null;
  factual_check_due: string | null;
  publication_due: string | null;
  follow_up_due: string | null;
  requires_user_representative: Generated<DBBoolean>;
  /** Demo data: shown with a "synthetic" label everywhere. */
  synthetic: Generated<DBBoolean>;
  created_by: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReviewTable {
  id: Generated<number>;
  round_id: number;
  unit_id: number;
  stage: Generated<ReviewStage>;
  self_assessment_submitted_at: Timestamp | null;
  consensus_opened_at: Timestamp | null;
  consensus_override_reason: string | null;
  signed_off_by: number | null;
  published_at: Timestamp | null;
  snapshot_json: string | null;
  snapshot_hash: string | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReviewTeamMemberTable {
  review_id: number;
  user_id: number;
  is_lead: Generated<DBBoolean>;
  is_user_representative: Generated<DBBoolean>;
  added_by: number | null;
  added_at: Timestamp;
}

export interface RoundMutualReviewOverrideTable {
  round_id: number;
  unit_a_id: number;
  unit_b_id: number;
  reason: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface SelfAssessmentTable {
  review_id: number;
  criterion_id: number;
  score: number | null;
  cannot_assess: Generated<DBBoolean>;
  comment: Generated<string>;
  updated_by: number | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ReviewerScoreTable {
  review_id: number;
  criterion_id: number;
  reviewer_id: number;
  score: number | null;
  cannot_assess: Generated<DBBoolean>;
  rationale: Generated<string>;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ReviewerSubmissionTable {
  review_id: number;
  reviewer_id: number;
  submitted_at: Timestamp;
}

export interface ConsensusScoreTable {
  review_id: number;
  criterion_id: number;
  score: number | null;
  cannot_assess: Generated<DBBoolean>;
  rationale: Generated<string>;
  updated_by: number | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface EvidenceTable {
  id: Generated<number>;
  review_id: number;
  criterion_id: number | null;
  /** `kolada`: a frozen snapshot of Kolada values (snapshot_json), never changed (trigger). */
  kind: "file" | "link" | "note" | "kolada";
  /** Who brought it: the reviewed unit (self-assessment) or the team (own evidence, interview notes). */
  origin: "unit" | "team";
  title: string;
  url: string | null;
  body: string | null;
  file_name: string | null;
  /** Name of the stored file under the upload directory (outside public/). */
  storage_key: string | null;
  media_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  created_by: number | null;
  created_at: Timestamp;
  /** The frozen Kolada snapshot (JSON) of a `kolada` evidence row; null for every other kind. */
  snapshot_json: string | null;
}

export interface RecommendationTable {
  id: Generated<number>;
  review_id: number;
  text: string;
  priority: Priority;
  timeframe: Generated<string>;
  position: number;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RecommendationCriterionTable {
  recommendation_id: number;
  criterion_id: number;
}

export interface StrengthTable {
  id: Generated<number>;
  review_id: number;
  criterion_id: number | null;
  text: string;
  /** Internal strengths stay out of the good-practice library. */
  internal: Generated<DBBoolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface FactualCommentTable {
  id: Generated<number>;
  review_id: number;
  criterion_id: number | null;
  text: string;
  created_by: number | null;
  created_at: Timestamp;
  team_response: string | null;
  team_response_by: number | null;
  team_response_at: Timestamp | null;
  version: Generated<number>;
}

export interface RecommendationAnswerTable {
  recommendation_id: number;
  response: "accept" | "partly" | "decline";
  planned_action: Generated<string>;
  owner: Generated<string>;
  due_date: string | null;
  progress: Generated<"not_started" | "in_progress" | "done">;
  progress_note: Generated<string>;
  updated_by: number | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** Kolada KPI metadata as last fetched (or seeded as synthetic demo data). */
export interface KoladaKpiTable {
  id: string;
  title: string;
  description: Generated<string>;
  operating_area: Generated<string>;
  is_divided_by_gender: Generated<DBBoolean>;
  /** Made up by the demo seed, never fetched from Kolada. */
  synthetic: Generated<DBBoolean>;
  fetched_at: Timestamp;
}

/** One cached Kolada value: KPI × municipality/region × year × gender (T total, K women, M men). */
export interface KoladaValueTable {
  kpi_id: string;
  /** "0001" … "0025" for the regions, "0000" for the whole country. */
  municipality_id: string;
  period: number;
  gender: "T" | "K" | "M";
  value: number | null;
  status: string | null;
  synthetic: Generated<DBBoolean>;
  fetched_at: Timestamp;
}

/** What the last fetch of a KPI gave: pages say "showing values from <time>" when it failed. */
export interface KoladaFetchTable {
  kpi_id: string;
  last_attempt_at: Timestamp;
  last_success_at: Timestamp | null;
  /** A KoladaErrorCode of the last failed attempt (null after a success). */
  last_error: string | null;
  last_error_at: Timestamp | null;
}

/**
 * A stored render of a review report PDF (decision 024): valid while `render_key` equals the key of
 * the data and code a new render would use. A cache: no audit, safe to empty.
 */
export interface ReviewPdfRenderTable {
  review_id: number;
  locale: Locale;
  audience: "team" | "reader";
  /** sha256 of the renderer's code identity and the printed data (review-pdf-store.server.ts). */
  render_key: string;
  pdf: Buffer;
  rendered_at: Timestamp;
}
