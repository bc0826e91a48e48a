import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { helperRelations } from "~/schemas/easy-read";
import { Radios, TextField } from "./form-fields";

/**
 * "Did someone help you sign?", and if so who and how they know the signer. Every question is on
 * the page without JavaScript; the helper's two are answered only after a yes.
 */
export function AssistedSigning({
  helped,
  helperName,
  helperRelation,
}: {
  helped: FieldMetadata<string | undefined>;
  helperName: FieldMetadata<string | undefined>;
  helperRelation: FieldMetadata<string | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <div className="assisted">
      <Radios
        meta={helped}
        legend={t("assisted.legend")}
        options={[
          { value: "no", label: t("assisted.no") },
          { value: "yes", label: t("assisted.yes") },
        ]}
      />
      <p className="hint">{t("assisted.helperHint")}</p>
      <TextField meta={helperName} label={t("assisted.helperName")} autoComplete="off" />
      <Radios
        meta={helperRelation}
        legend={t("assisted.helperRelation")}
        options={helperRelations.map((relation) => ({ value: relation, label: t(`assisted.relations.${relation}`) }))}
      />
    </div>
  );
}
