{{/*
The environment of one component's container: the ALIVE_* settings of the
shared systems it uses (components.<name>.uses), then its own env.
Args: dict "root" $ "name" <component> "c" <component values>
*/}}
{{- define "alive.env" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $c := .c -}}
{{- if ($c.uses).aliveSettings -}}
- name: ALIVE_GRPC_PORT
  value: {{ $c.ports.grpc | quote }}
- name: ALIVE_METRICS_PORT
  value: {{ $c.ports.metrics | quote }}
- name: ALIVE_LOG_FORMAT
  value: {{ $root.Values.logging.format | quote }}
- name: ALIVE_LOG_LEVEL
  value: {{ $root.Values.logging.level | quote }}
- name: ALIVE_OTEL_ENABLED
  value: {{ $root.Values.tracing.enabled | quote }}
{{- if $root.Values.tracing.enabled }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $root.Values.tracing.otlpEndpoint | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ $name | quote }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: OTEL_RESOURCE_ATTRIBUTES
  value: "service.namespace={{ $root.Release.Namespace }},service.instance.id=$(POD_NAME),service.version={{ $root.Chart.AppVersion }}"
{{- end }}
{{- end }}
{{- if ($c.uses).kafka }}
- name: ALIVE_KAFKA_BOOTSTRAP
  value: {{ $root.Values.kafka.bootstrapServers | quote }}
- name: ALIVE_KAFKA_SESSION_TIMEOUT_MS
  value: {{ $root.Values.kafka.sessionTimeoutMs | quote }}
- name: ALIVE_MAX_ATTEMPTS
  value: {{ $root.Values.kafka.maxAttempts | quote }}
- name: ALIVE_RETRY_BACKOFF_S
  value: {{ $root.Values.kafka.retryBackoffSeconds | quote }}
{{- end }}
{{- if ($c.uses).objectStore }}
{{- $store := $root.Values.objectStore }}
- name: ALIVE_BLOB_URL
  value: {{ $store.url | quote }}
{{- with $store.endpointUrl }}
- name: ALIVE_S3_ENDPOINT_URL
  value: {{ . | quote }}
{{- end }}
{{- with $store.region }}
- name: ALIVE_S3_REGION
  value: {{ . | quote }}
{{- end }}
{{- if $store.credentialsSecret.name }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $store.credentialsSecret.name }}
      key: {{ $store.credentialsSecret.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $store.credentialsSecret.name }}
      key: {{ $store.credentialsSecret.secretAccessKeyKey }}
{{- end }}
{{- end }}
{{- if ($c.uses).postgresql }}
- name: ALIVE_DATABASE_URL
  value: {{ $root.Values.postgresql.url | quote }}
{{- if $root.Values.postgresql.passwordSecret.name }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.postgresql.passwordSecret.name }}
      key: {{ $root.Values.postgresql.passwordSecret.key }}
{{- end }}
{{- end }}
{{- if ($c.uses).triton }}
- name: ALIVE_TRITON_URL
  value: "{{ include "alive.componentName" (dict "root" $root "name" "triton") }}:{{ $root.Values.components.triton.ports.grpc }}"
- name: ALIVE_TRITON_MODEL
  value: {{ $root.Values.triton.model | quote }}
- name: ALIVE_TRITON_TIMEOUT_S
  value: {{ $root.Values.triton.timeoutSeconds | quote }}
{{- end }}
{{- if ($c.uses).signing }}
- name: ALIVE_SIGNING_KEY_FILE
  value: /var/run/secrets/alive/signing/{{ $root.Values.signing.keyKey }}
- name: ALIVE_SIGNING_CHAIN_FILE
  value: /var/run/secrets/alive/signing/{{ $root.Values.signing.chainKey }}
{{- with include "alive.watermarkKeyKey" $root }}
- name: ALIVE_WATERMARK_KEY_FILE
  value: /var/run/secrets/alive/signing/{{ . }}
{{- end }}
{{- if include "alive.trustAnchorsConfigMap" $root }}
- name: ALIVE_TRUST_ANCHORS_FILE
  value: /etc/alive/trust/trust-anchors.pem
{{- end }}
{{- with $root.Values.signing.tsaUrl }}
- name: ALIVE_TSA_URL
  value: {{ . | quote }}
{{- end }}
- name: ALIVE_LABEL_TEXT
  value: {{ $root.Values.signing.labelText | quote }}
- name: ALIVE_MANIFEST_INCLUDE_PROMPT
  value: {{ $root.Values.signing.includePrompt | quote }}
{{- end }}
{{- if and ($c.uses).moderationPolicy $root.Values.moderation.policy }}
- name: ALIVE_MODERATION_POLICY_FILE
  value: /etc/alive/moderation/policy.yaml
{{- end }}
{{- range $envName, $envValue := $c.env }}
- name: {{ $envName }}
  value: {{ $envValue | quote }}
{{- end }}
{{- end -}}
