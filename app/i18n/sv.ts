/**
 * The Swedish dictionary: the source of truth for every interface string. Each area keeps its
 * strings in messages/<area>.ts with `sv` and `en` objects; the type checker makes every `en`
 * carry exactly the keys of its `sv`, so no string is left untranslated in either language.
 * Placeholders are written {name}.
 */
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

export const sv = { ...core.sv, ...manuals.sv, ...reviews.sv, ...selfAssessment.sv, ...scoring.sv, ...feedback.sv, ...national.sv, ...nationalTrends.sv, ...reports.sv, ...pdf.sv, ...library.sv, ...calibration.sv, ...kolada.sv } as const;

export type MessageKey = keyof typeof sv;
