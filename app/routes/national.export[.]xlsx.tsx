/**
 * /national/export.xlsx — the national picture as a workbook: the score table (one row per unit ×
 * criterion), the trend table when a series is chosen, and the column keys (docs/exports.md).
 * Same permission, query and rules as the page: bad query → 400, unknown round → 404, each with a
 * plain-text message.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { nationalExport } from "~/modules/national/national-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return nationalExport(request, "xlsx");
}
