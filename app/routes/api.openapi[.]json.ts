import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "~/services/public-api.server";
import { publicResource } from "~/utils/public-resource.server";
import { JSON_TYPE } from "./__public-api.server";

/** `/api/openapi.json`: the open-data API described as OpenAPI 3.1 (read by people at /api). */
export function loader({ request }: LoaderFunctionArgs) {
  return publicResource(request, JSON.stringify(openApiDocument(), null, 2), { contentType: JSON_TYPE });
}
