/** The per-request CSP nonce, handed from Express through entry.server to the <Scripts> tags. */
import { createContext, useContext } from "react";

export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
