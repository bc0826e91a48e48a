import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { signOut } from "~/utils/session.server";

export function loader() {
  return redirect("/");
}

export function action({ request }: ActionFunctionArgs) {
  return signOut(request);
}
