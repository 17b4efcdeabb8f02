/**
 * Reads a request's form body. A body that is not a readable form (wrong content type, broken
 * multipart, truncated upload) is the client's error: 400, never a 500 from the parser.
 */
import { data } from "@remix-run/node";

export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: "unreadable form body" }, { status: 400 });
  }
}
