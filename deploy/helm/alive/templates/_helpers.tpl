{{/* Names, labels and small shared pieces. */}}

{{- define "alive.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "alive.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Resource name of one component: <fullname>-<component>. Args: dict root name */}}
{{- define "alive.componentName" -}}
{{- printf "%s-%s" (include "alive.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "alive.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every resource of the release. */}}
{{- define "alive.labels" -}}
helm.sh/chart: {{ include "alive.chart" . }}
app.kubernetes.io/name: {{ include "alive.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: alive
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selects every pod of the release. */}}
{{- define "alive.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "alive.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selects the pods of one component. Args: dict root name */}}
{{- define "alive.selectorLabels" -}}
{{ include "alive.releaseSelectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* All labels of one component's resources. Args: dict root name */}}
{{- define "alive.componentLabels" -}}
{{ include "alive.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* <registry>/<name>:<tag> or <registry>/<name>@<digest>. Args: dict root image */}}
{{- define "alive.image" -}}
{{- $registry := .root.Values.image.registry | trimSuffix "/" -}}
{{- if .image.digest -}}
{{- printf "%s/%s@%s" $registry .image.name .image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $registry .image.name (.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret holding the signing key and chain. */}}
{{- define "alive.signingSecretName" -}}
{{- .Values.signing.existingSecret | default (printf "%s-signing" (include "alive.fullname" .)) -}}
{{- end -}}

{{/* Key name of the watermark secret inside the signing Secret, empty when none is mounted. */}}
{{- define "alive.watermarkKeyKey" -}}
{{- if or .Values.signing.existingSecret .Values.signing.watermarkKey -}}
{{- .Values.signing.watermarkKeyKey -}}
{{- end -}}
{{- end -}}

{{/* Name of the ConfigMap holding the trust anchors, empty when none. */}}
{{- define "alive.trustAnchorsConfigMap" -}}
{{- if .Values.signing.trustAnchorsConfigMap -}}
{{- .Values.signing.trustAnchorsConfigMap -}}
{{- else if .Values.signing.trustAnchors -}}
{{- printf "%s-trust-anchors" (include "alive.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Is the component autoscaled by KEDA (true) or by an HPA/fixed replicas. Args: component values, root */}}
{{- define "alive.kedaScaled" -}}
{{- $c := .component -}}
{{- if and .root.Values.keda.enabled $c.autoscaling.enabled (or $c.consumer $c.autoscaling.prometheus $c.autoscaling.cpuUtilization) -}}true{{- end -}}
{{- end -}}

{{- define "alive.hpaScaled" -}}
{{- $c := .component -}}
{{- if and (not .root.Values.keda.enabled) $c.autoscaling.enabled $c.autoscaling.cpuUtilization -}}true{{- end -}}
{{- end -}}

{{/* Checks that run once per render: references between components and required settings. */}}
{{- define "alive.validate" -}}
{{- $components := .Values.components -}}
{{- range $name, $c := $components -}}
{{- if $c.enabled -}}
{{- range (concat (($c.networkPolicy).ingressFromComponents | default list) (($c.networkPolicy).egressToComponents | default list)) -}}
{{- if not (hasKey $components .) -}}
{{- fail (printf "components.%s.networkPolicy names component %q, which is not in components" $name .) -}}
{{- end -}}
{{- end -}}
{{- range (($c.networkPolicy).ingressFrom | default list) -}}
{{- if not (hasKey $.Values.networkPolicy.ingress .) -}}
{{- fail (printf "components.%s.networkPolicy.ingressFrom names %q, which is not in networkPolicy.ingress" $name .) -}}
{{- end -}}
{{- end -}}
{{- range (($c.networkPolicy).egressTo | default list) -}}
{{- if not (hasKey $.Values.networkPolicy.egress .) -}}
{{- fail (printf "components.%s.networkPolicy.egressTo names %q, which is not in networkPolicy.egress" $name .) -}}
{{- end -}}
{{- end -}}
{{- if and ($c.uses).triton (not (and (hasKey $components "triton") $components.triton.enabled)) -}}
{{- fail (printf "components.%s.uses.triton needs components.triton to be enabled" $name) -}}
{{- end -}}
{{- if and ($c.uses).signing (not $.Values.signing.existingSecret) (not (and $.Values.signing.key $.Values.signing.chain)) -}}
{{- fail "signing: set signing.existingSecret (production) or both signing.key and signing.chain (development)" -}}
{{- end -}}
{{- if and $c.consumer (ne $c.consumer.group $name) -}}
{{- fail (printf "components.%s.consumer.group is %q; the services use their own name as consumer group" $name $c.consumer.group) -}}
{{- end -}}
{{- if and $c.autoscaling.enabled (gt (int $c.autoscaling.minReplicas) (int $c.autoscaling.maxReplicas)) -}}
{{- fail (printf "components.%s.autoscaling.minReplicas is greater than maxReplicas" $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
