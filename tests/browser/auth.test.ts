/**
 * Sign-in behaviour in the browser: the way back to a protected page, and the form without
 * JavaScript (server-side validation and the generic error).
 *
 * Deliberate failed sign-ins are kept few and on accounts other tests do not depend on (the
 * server throttles at 5 failures per account and 30 per IP within 15 minutes).
 */
import { describe, expect, test } from "vitest";
import { currentPath, loginForm, signIn, submitLogin, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

describe("redirect to sign-in and back", () => {
  test("an anonymous visit to a protected page signs in and returns to that page", async () => {
    const page = await newPage();
    await page.goto("/admin/users");
    const url = new URL(page.url());
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("redirectTo")).toBe("/admin/users");

    await waitForHydration(page);
    await signIn(page, "admin@kollega.test");
    expect(currentPath(page)).toBe("/admin/users");
    await page.locator("header").getByText("Inloggad som Alva Admin", { exact: true }).waitFor();
    await page.locator("main h1").filter({ hasText: "Användare" }).waitFor();
  });

  test("the start page sends an anonymous visitor to /login without a redirectTo", async () => {
    const page = await newPage();
    await page.goto("/");
    expect(currentPath(page)).toBe("/login");
  });
});

describe("sign-in without JavaScript", () => {
  test("a wrong password shows the generic error; the right one signs in", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const email = "granskare.norrbotten@kollega.test";
    await page.goto("/login");

    const failed = page.waitForResponse((response) => response.request().method() === "POST");
    await submitLogin(page, email, "fel-losenord");
    expect((await failed).status()).toBe(401);

    const alert = page.getByRole("alert").filter({ hasText: "Fel e-postadress eller lösenord." });
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe("Fel e-postadress eller lösenord.");
    expect(currentPath(page)).toBe("/login");
    const form = loginForm(page);
    // The email is kept, the password is not sent back.
    expect(await form.email.inputValue()).toBe(email);
    expect(await form.password.inputValue()).toBe("");

    await submitLogin(page, email, "kollega-demo");
    await page.waitForURL((url) => url.pathname === "/");
    await page.locator("header").getByText("Inloggad som Nils Norrbotten", { exact: true }).waitFor();
    await page.locator("main h1").filter({ hasText: "Välkommen, Nils Norrbotten" }).waitFor();
  });

  test("an invalid email address shows a field error tied to the field", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto("/login");

    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await submitLogin(page, "inte-en-adress", "vad-som-helst");
    expect((await response).status()).toBe(400);

    const email = loginForm(page).email;
    const error = page.getByRole("alert").filter({ hasText: "Ange en giltig e-postadress." });
    await error.waitFor();
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    const errorId = await error.getAttribute("id");
    expect(errorId).toBeTruthy();
    expect((await email.getAttribute("aria-describedby"))?.split(" ")).toContain(errorId);
    expect(await email.inputValue()).toBe("inte-en-adress");
    expect(currentPath(page)).toBe("/login");
  });
});
