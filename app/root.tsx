import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { pick, translator, useT } from "./i18n/i18n";
import { getLocale } from "./i18n/locale.server";
import { rolesHavePermission, type Permission } from "./modules/auth/permissions";
import { getOptionalUser } from "./modules/auth/guards.server";
import styles from "./styles/app.css";
import { useNonce } from "./utils/nonce";
import type { MessageKey } from "./i18n/sv";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Kollega" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const locale = await getLocale(request, user);
  return { user, locale };
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

/** Navigation entries and the permission each needs; every role sees only what it may use. */
const NAVIGATION: { to: string; label: MessageKey; permission?: Permission }[] = [
  { to: "/", label: "nav.start" },
  { to: "/reviews", label: "nav.myReviews", permission: "read:my-reviews" },
  { to: "/rounds", label: "nav.rounds", permission: "manage:rounds" },
  { to: "/national", label: "nav.national", permission: "read:national" },
  { to: "/national/unit", label: "nav.nationalUnit", permission: "read:national:own-unit" },
  { to: "/manuals", label: "nav.manuals", permission: "read:manuals" },
  { to: "/good-practice", label: "nav.goodPractice" },
  { to: "/admin/users", label: "nav.adminUsers", permission: "admin:users" },
  { to: "/admin/units", label: "nav.adminUnits", permission: "admin:units" },
];

function Header() {
  const data = useRootData();
  const t = useT();
  const location = useLocation();
  const user = data?.user;
  const locale = data?.locale ?? "sv";
  const otherLocale = locale === "sv" ? "en" : "sv";
  return (
    <header className="site-header">
      <div className="site-header__bar">
        <a className="site-header__brand" href="/">
          {t("app.name")}
          <span className="site-header__tagline">{t("app.tagline")}</span>
        </a>
        <div className="site-header__tools">
          <Form method="post" action="/language" className="inline-form">
            <input type="hidden" name="locale" value={otherLocale} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="link-button" lang={otherLocale}>
              {t("nav.switchToOther")}
            </button>
          </Form>
          {user ? (
            <>
              <p className="site-header__user">
                <span>{t("nav.signedInAs", { name: user.name })}</span>
                <span className="site-header__meta">
                  {user.roles.map((role) => t(`role.${role}` as MessageKey)).join(", ")} ·{" "}
                  {pick(locale, { sv: user.homeUnit.nameSv, en: user.homeUnit.nameEn })}
                </span>
                <a href="/account" className="site-header__account">
                  {t("nav.account")}
                </a>
              </p>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="button button--secondary">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </div>
      {user ? (
        <nav aria-label={t("nav.label")} className="site-nav">
          <ul>
            {NAVIGATION.filter((item) => !item.permission || rolesHavePermission(user.roles, item.permission)).map(
              (item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
                    {t(item.label)}
                  </NavLink>
                </li>
              ),
            )}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const locale = data?.locale ?? "sv";
  const t = translator(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <Header />
        <main id="main" tabIndex={-1} className="site-main">
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("app.footer")}</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
