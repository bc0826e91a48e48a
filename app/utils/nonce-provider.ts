import { createContext, useContext } from "react";

// The nonce that lets the page's own inline scripts run under the Content-Security-Policy set in
// entry.server.tsx. It exists only in the server render; the browser hides it once the page loads.
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
