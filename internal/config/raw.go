package config

// The YAML shapes of arshjul.yaml, as written. Lines/Line are filled by
// yamlfile so that checks can point at the offending key.

type rawConfig struct {
	Programme rawProgramme `yaml:"programme"`
	Storage   struct {
		Database string         `yaml:"database"`
		Lines    map[string]int `yaml:"-"`
	} `yaml:"storage"`
	HTTP struct {
		Listen        string         `yaml:"listen"`
		BaseURL       string         `yaml:"base_url"`
		EmbedOrigins  []string       `yaml:"embed_origins"`
		EmbedInternal bool           `yaml:"embed_internal"`
		Lines         map[string]int `yaml:"-"`
	} `yaml:"http"`
	Auth struct {
		Domains []string `yaml:"domains"`
		OIDC    *struct {
			Issuer          string         `yaml:"issuer"`
			ClientID        string         `yaml:"client_id"`
			ClientSecretEnv string         `yaml:"secret_env"`
			VerifiedClaim   string         `yaml:"verified_claim"`
			TenantID        string         `yaml:"tenant_id"`
			Line            int            `yaml:"-"`
			Lines           map[string]int `yaml:"-"`
		} `yaml:"oidc"`
		Lines map[string]int `yaml:"-"`
	} `yaml:"auth"`
	Feeds struct {
		PastMonths   *int           `yaml:"past_months"`
		FutureMonths *int           `yaml:"future_months"`
		MaxBytes     string         `yaml:"max_bytes"`
		Refresh      string         `yaml:"refresh"`
		Lines        map[string]int `yaml:"-"`
	} `yaml:"feeds"`
	Mail struct {
		From       string `yaml:"from"`
		Transport  string `yaml:"transport"`
		Outbox     string `yaml:"outbox"`
		AlertAfter string `yaml:"alert_after"`
		SMTP       struct {
			Host        string         `yaml:"host"`
			Port        int            `yaml:"port"`
			TLS         string         `yaml:"tls"`
			Username    string         `yaml:"username"`
			PasswordEnv string         `yaml:"password_env"`
			Lines       map[string]int `yaml:"-"`
		} `yaml:"smtp"`
		Lines map[string]int `yaml:"-"`
	} `yaml:"mail"`
	Schedule struct {
		Reminders   string         `yaml:"reminders"`
		Overdue     string         `yaml:"overdue"`
		WorkingDays string         `yaml:"working_days"`
		Lines       map[string]int `yaml:"-"`
	} `yaml:"schedule"`
	Reminders rawReminders      `yaml:"reminders"`
	Admins    []string          `yaml:"admins"`
	People    map[string]string `yaml:"people"`
	Units     []rawUnit         `yaml:"units"`
	Lines     map[string]int    `yaml:"-"`
}

type rawProgramme struct {
	Name         string            `yaml:"name"`
	Organisation string            `yaml:"organisation"`
	Starts       string            `yaml:"starts"`
	ValidUntil   string            `yaml:"valid_until"`
	Timezone     string            `yaml:"timezone"`
	FocusAreas   orderedMap        `yaml:"focus_areas"`
	FocusColors  map[string]string `yaml:"focus_colors"`
	Audiences    orderedMap        `yaml:"audiences"`
	Channels     orderedMap        `yaml:"channels"`
	Lines        map[string]int    `yaml:"-"`
}

type rawReminders struct {
	Before             []string       `yaml:"before"`
	EscalateAfter      string         `yaml:"escalate_after"`
	ProgrammeEndNotice string         `yaml:"programme_end_notice"`
	Lines              map[string]int `yaml:"-"`
}

type rawUnit struct {
	ID       string     `yaml:"id"`
	Name     string     `yaml:"name"`
	Calendar stringList `yaml:"calendar"`
	// StartsFrom are calendar files a web-kept unit's wheel starts from:
	// imported once, when the unit's web wheel was never started.
	StartsFrom stringList `yaml:"starts_from"`
	Contacts   []string   `yaml:"contacts"`
	Manager    string     `yaml:"manager"`
	Editors    []string   `yaml:"editors"`
	Public     bool       `yaml:"public"`
	Color      string     `yaml:"color"`
	Reminders  *struct {
		Before []string       `yaml:"before"`
		Lines  map[string]int `yaml:"-"`
	} `yaml:"reminders"`
	Teams *struct {
		WebhookEnv string         `yaml:"webhook_env"`
		Lines      map[string]int `yaml:"-"`
	} `yaml:"teams"`
	Line  int            `yaml:"-"`
	Lines map[string]int `yaml:"-"`
}
