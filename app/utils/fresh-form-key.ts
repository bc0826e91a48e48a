import { useState } from "react";
import { useActionData, useLocation } from "@remix-run/react";

/**
 * A key for a form that makes it start empty after it succeeded, with JavaScript as without.
 * Without JavaScript a successful action redirects to a freshly loaded page; with it, the router
 * renders the same components again and their fields keep what was sent, ready to be sent twice.
 * So the key changes after every navigation that ends without action data (a success redirect,
 * even to the same address, or a link), and holds while a refused submission shows its errors
 * with the typed values. `<Form key={useFreshFormKey()}>`.
 */
export function useFreshFormKey() {
  const { key } = useLocation();
  const actionData = useActionData();
  const [fresh, setFresh] = useState(key);
  if (!actionData && fresh !== key) setFresh(key);
  return fresh;
}
