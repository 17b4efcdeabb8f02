/**
 * /national/export.csv — the national picture as one row per unit × criterion, for Swedish Excel
 * (format in app/modules/national/national-export.ts). Same permission, query and rules as the
 * page: bad query → 400, unknown round → 404, each with a plain-text message.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { nationalExport } from "~/modules/national/national-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return nationalExport(request, "csv");
}
