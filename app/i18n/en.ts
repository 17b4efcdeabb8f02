import * as core from "./messages/core";
import * as manuals from "./messages/manuals";
import * as reviews from "./messages/reviews";
import * as scoring from "./messages/scoring";
import * as selfAssessment from "./messages/self-assessment";
import * as feedback from "./messages/feedback";
import * as national from "./messages/national";
import * as nationalTrends from "./messages/national-trends";
import * as reports from "./messages/reports";
import * as pdf from "./messages/pdf";
import * as library from "./messages/library";
import * as calibration from "./messages/calibration";
import * as kolada from "./messages/kolada";
import type { MessageKey } from "./sv";

/** English dictionary, assembled from the same areas as sv.ts. */
export const en: Record<MessageKey, string> = { ...core.en, ...manuals.en, ...reviews.en, ...selfAssessment.en, ...scoring.en, ...feedback.en, ...national.en, ...nationalTrends.en, ...reports.en, ...pdf.en, ...library.en, ...calibration.en, ...kolada.en };
