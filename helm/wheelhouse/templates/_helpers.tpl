{{- define "wheelhouse.labels" -}}
app.kubernetes.io/name: wheelhouse
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{- define "wheelhouse.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "wheelhouse.secretName" -}}
{{ .Values.secrets.existingSecret | default (printf "%s-secrets" .Release.Name) }}
{{- end }}

{{- define "wheelhouse.helmConfigSecret" -}}
{{- $s := .Values.chartSources -}}
{{- if $s.existingSecret }}{{ $s.existingSecret }}
{{- else if or $s.repositories $s.registryConfig $s.caFiles }}{{ .Release.Name }}-helm-config
{{- end }}
{{- end }}

{{- define "wheelhouse.selector" -}}
app.kubernetes.io/name: wheelhouse
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "wheelhouse.env" -}}
- name: REDIS_URL
  {{- if .Values.redis.existingSecret }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.existingSecretKey }}
  {{- else }}
  value: {{ required "redis.url: Redis is not bundled; give the URL of yours" .Values.redis.url | quote }}
  {{- end }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: PORT
  value: {{ .Values.app.port | quote }}
- name: WHEELHOUSE_METRICS_PORT
  value: {{ .Values.metrics.port | quote }}
- name: WHEELHOUSE_POLICY
  value: /etc/wheelhouse/policy.yaml
- name: WHEELHOUSE_CLUSTER
  value: {{ required "cluster: the name of the cluster this release manages (lowercase letters, digits and '-'); it scopes Redis keys and plans" .Values.cluster | quote }}
- name: WHEELHOUSE_CHANGE_TIMEOUT_SECONDS
  value: {{ .Values.changeTimeoutSeconds | quote }}
# The root filesystem is read-only: everything helm writes lives under the /tmp emptyDir.
- name: HOME
  value: /tmp
- name: HELM_CACHE_HOME
  value: /tmp/helm/cache
- name: HELM_CONFIG_HOME
  value: /tmp/helm/config
- name: HELM_DATA_HOME
  value: /tmp/helm/data
- name: HELM_REPOSITORY_CACHE
  value: /tmp/helm/repository
- name: WHEELHOUSE_REPO_REFRESH_SECONDS
  value: {{ .Values.chartSources.refreshSeconds | quote }}
{{- if include "wheelhouse.helmConfigSecret" . }}
- name: HELM_REPOSITORY_CONFIG
  value: /etc/helm/repositories.yaml
- name: HELM_REGISTRY_CONFIG
  value: /etc/helm/registry-config.json
{{- end }}
{{- with .Values.chartSources.rules }}
- name: WHEELHOUSE_CHART_SOURCES
  value: {{ . | quote }}
{{- end }}
{{- with .Values.chartSources.registryCaFile }}
- name: WHEELHOUSE_REGISTRY_CA_FILE
  value: {{ . | quote }}
{{- end }}
{{- end }}

{{- /*
The worker's shutdown grace: the longest job the policy allows, as longestJobSeconds in
src/model/change-limits.ts computes it: helm's deadline (timeout x its waits, 2 or 3 with
--wait, + 30), the validation (one timeout) and the report (30).
*/ -}}
{{- define "wheelhouse.workerGraceSeconds" -}}
{{- $execution := (fromYaml .Values.policy).execution | default dict -}}
{{- $timeout := $execution.timeoutSeconds | default .Values.changeTimeoutSeconds | int -}}
{{- $waits := ternary 3 2 (eq (toString ($execution.wait | default false)) "true") -}}
{{- add (mul $timeout $waits) 30 $timeout 30 -}}
{{- end }}

{{- define "wheelhouse.podSpec" -}}
serviceAccountName: {{ .Release.Name }}-{{ .role }}
{{- if eq .role "worker" }}
# SIGTERM: the worker takes no new job and lets a running helm finish first.
terminationGracePeriodSeconds: {{ include "wheelhouse.workerGraceSeconds" .root }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  runAsNonRoot: true
  runAsUser: 1000
  runAsGroup: 1000
  fsGroup: 1000
  seccompProfile: { type: RuntimeDefault }
containers:
  - name: wheelhouse
    image: {{ include "wheelhouse.image" . }}
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    args: ["start", "--role", {{ .role | quote }}]
    env: {{- include "wheelhouse.env" .root | nindent 6 }}
    envFrom:
      - secretRef:
          name: {{ include "wheelhouse.secretName" .root }}
    ports:
      # /metrics, /healthz, /readyz of either role; the Slack-facing port shows no metrics.
      - name: metrics
        containerPort: {{ .Values.metrics.port }}
      {{- if eq .role "app" }}
      - name: http
        containerPort: {{ .Values.app.port }}
      {{- end }}
    # /readyz checks Redis and the cluster: a pod that cannot reach them takes no traffic.
    readinessProbe:
      httpGet: { path: /readyz, port: metrics }
      periodSeconds: 10
      failureThreshold: 3
    livenessProbe:
      httpGet: { path: /healthz, port: metrics }
      initialDelaySeconds: 10
      periodSeconds: 20
      failureThreshold: 3
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: { drop: [ALL] }
    resources: {{- toYaml .resources | nindent 6 }}
    volumeMounts:
      - { name: tmp, mountPath: /tmp }
      - { name: policy, mountPath: /etc/wheelhouse, readOnly: true }
      {{- if include "wheelhouse.helmConfigSecret" .root }}
      - { name: helm-config, mountPath: /etc/helm, readOnly: true }
      {{- end }}
volumes:
  - name: tmp
    emptyDir: {}
  - name: policy
    configMap:
      name: {{ .Release.Name }}-policy
  {{- with include "wheelhouse.helmConfigSecret" .root }}
  - name: helm-config
    secret:
      secretName: {{ . }}
  {{- end }}
{{- with .Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
