import * as core from "./messages/core";
import type { MessageKey } from "./sv";

/** English dictionary, assembled from the same areas as sv.ts. */
export const en: Record<MessageKey, string> = { ...core.en };
