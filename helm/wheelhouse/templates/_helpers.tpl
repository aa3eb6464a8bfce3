{{- define "wheelhouse.labels" -}}
app.kubernetes.io/name: wheelhouse
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{- define "wheelhouse.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "wheelhouse.env" -}}
- name: REDIS_URL
  value: {{ .Values.redis.url | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: PORT
  value: {{ .Values.app.port | quote }}
- name: WHEELHOUSE_POLICY
  value: /etc/wheelhouse/policy.yaml
{{- end }}

{{- define "wheelhouse.podSpec" -}}
serviceAccountName: {{ .Release.Name }}
securityContext:
  runAsNonRoot: true
  runAsUser: 1000
containers:
  - name: wheelhouse
    image: {{ include "wheelhouse.image" . }}
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    args: ["start", "--role", {{ .role | quote }}]
    env: {{- include "wheelhouse.env" .root | nindent 6 }}
    envFrom:
      - secretRef:
          name: {{ .Values.existingSecret }}
    {{- if eq .role "app" }}
    ports:
      - name: http
        containerPort: {{ .Values.app.port }}
    readinessProbe:
      httpGet: { path: /readyz, port: http }
    livenessProbe:
      httpGet: { path: /healthz, port: http }
    {{- end }}
    resources: {{- toYaml .resources | nindent 6 }}
    volumeMounts:
      - { name: tmp, mountPath: /tmp }
      - { name: policy, mountPath: /etc/wheelhouse }
volumes:
  - name: tmp
    emptyDir: {}
  - name: policy
    configMap:
      name: {{ .Release.Name }}-policy
{{- end }}
