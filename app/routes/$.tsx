/** Unknown addresses: a signed-in user sees the 404 page; anyone else is sent to sign in first. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { notFound, requireUser } from "~/modules/auth/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  notFound();
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request);
  notFound();
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
