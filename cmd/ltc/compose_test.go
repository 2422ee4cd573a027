package main

import (
	"context"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/changhu/ltc/workflows"
)

// No Docker engine runs here, so docker-compose.yml is checked by loading it
// with compose-go and following every address to the service that answers it.
func loadCompose(t *testing.T) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{"../../docker-compose.yml"}, cli.WithWorkingDirectory("../.."), cli.WithInterpolation(true))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	return p
}

func env(t *testing.T, s types.ServiceConfig, key string) string {
	t.Helper()
	v, ok := s.Environment[key]
	if !ok || v == nil {
		t.Fatalf("service %s has no %s", s.Name, key)
	}
	return *v
}

// flagValue finds --name=value or --name value in a command.
func flagValue(cmd []string, name string) string {
	for i, arg := range cmd {
		if v, ok := strings.CutPrefix(arg, name+"="); ok {
			return v
		}
		if arg == name && i+1 < len(cmd) {
			return cmd[i+1]
		}
	}
	return ""
}

func TestComposeWiresTheServicesTogether(t *testing.T) {
	p := loadCompose(t)
	for _, name := range []string{"postgres", "minio", "temporal", "migrate", "worker", "api"} {
		if _, err := p.GetService(name); err != nil {
			t.Fatalf("no service %s", name)
		}
	}
	pg, _ := p.GetService("postgres")
	minio, _ := p.GetService("minio")
	temporal, _ := p.GetService("temporal")
	read := map[string]bool{}
	loadConfig(func(k string) string { read[k] = true; return "" })

	for _, name := range []string{"migrate", "worker", "api"} {
		s, _ := p.GetService(name)
		for key := range s.Environment {
			if strings.HasPrefix(key, "LTC_") && !read[key] {
				t.Errorf("%s sets %s, which ltc never reads", name, key)
			}
		}
		db, err := url.Parse(env(t, s, "LTC_DATABASE_URL"))
		if err != nil || db.Hostname() != "postgres" || db.Port() != "5432" || db.User.Username() != env(t, pg, "POSTGRES_USER") ||
			strings.TrimPrefix(db.Path, "/") != env(t, pg, "POSTGRES_DB") {
			t.Errorf("%s: LTC_DATABASE_URL %v does not reach the postgres service", name, db)
		}
		if pw, _ := db.User.Password(); pw != env(t, pg, "POSTGRES_PASSWORD") {
			t.Errorf("%s: database password does not match the postgres service", name)
		}
		host, port, _ := net.SplitHostPort(env(t, s, "LTC_MINIO_ENDPOINT"))
		if host != "minio" || ":"+port != flagValue(minio.Command, "--address") {
			t.Errorf("%s: LTC_MINIO_ENDPOINT does not reach the minio service", name)
		}
		if env(t, s, "LTC_MINIO_ACCESS_KEY") != env(t, minio, "MINIO_ROOT_USER") || env(t, s, "LTC_MINIO_SECRET_KEY") != env(t, minio, "MINIO_ROOT_PASSWORD") {
			t.Errorf("%s: MinIO credentials do not match the minio service", name)
		}
		host, port, _ = net.SplitHostPort(env(t, s, "LTC_TEMPORAL_ADDRESS"))
		if host != "temporal" || port != flagValue(temporal.Command, "--port") {
			t.Errorf("%s: LTC_TEMPORAL_ADDRESS does not reach the temporal service", name)
		}
		if len(env(t, s, "LTC_TOKEN_SECRET")) < 32 {
			t.Errorf("%s: the token secret is shorter than 32 bytes", name)
		}
	}

	checkTheLoadBalancer(t, p)
	migrate, _ := p.GetService("migrate")
	if migrate.DependsOn["postgres"].Condition != types.ServiceConditionHealthy || migrate.DependsOn["minio"].Condition != types.ServiceConditionHealthy {
		t.Errorf("migrate must wait for healthy postgres and minio: %v", migrate.DependsOn)
	}
	for _, name := range []string{"api", "worker"} {
		s, _ := p.GetService(name)
		if s.DependsOn["migrate"].Condition != types.ServiceConditionCompletedSuccessfully {
			t.Errorf("%s must start after migrate succeeded", name)
		}
	}
}

// The API and the worker scale out (docker compose --scale): neither
// publishes a port; the load balancer publishes the API's, sends to every
// replica on the port it listens on, and is the proxy the API trusts to
// name the client.
func checkTheLoadBalancer(t *testing.T, p *types.Project) {
	api, _ := p.GetService("api")
	lb, err := p.GetService("lb")
	if err != nil {
		t.Fatal("no service lb in front of the API")
	}
	for _, name := range []string{"api", "worker"} {
		if s, _ := p.GetService(name); len(s.Ports) > 0 || s.ContainerName != "" {
			t.Errorf("%s cannot scale out: it publishes %v or is named %q", name, s.Ports, s.ContainerName)
		}
	}
	_, listen, _ := net.SplitHostPort(env(t, api, "LTC_HTTP_ADDR"))
	conf, err := os.ReadFile("../../deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	upstream := regexp.MustCompile(`server\s+api:(\d+);`).FindSubmatch(conf)
	lbListen := regexp.MustCompile(`listen\s+(\d+);`).FindSubmatch(conf)
	if upstream == nil || string(upstream[1]) != listen {
		t.Errorf("deploy/nginx.conf sends to %q, but the api listens on %s", upstream, listen)
	}
	if len(lb.Ports) != 1 || lbListen == nil || strconv.Itoa(int(lb.Ports[0].Target)) != string(lbListen[1]) {
		t.Errorf("lb publishes %v but nginx listens on %q", lb.Ports, lbListen)
	}
	if !slices.ContainsFunc(lb.Volumes, func(v types.ServiceVolumeConfig) bool { return v.Target == "/etc/nginx/nginx.conf" }) {
		t.Error("lb does not mount deploy/nginx.conf")
	}
	if got := env(t, api, "LTC_TRUSTED_PROXIES"); got != lb.Networks["default"].Ipv4Address {
		t.Errorf("the api trusts %s, but lb is at %s", got, lb.Networks["default"].Ipv4Address)
	}
}

// The search attributes the workflow upserts must be registered by both ways
// of starting Temporal: the compose service and scripts/services.sh.
func TestSearchAttributesAreRegisteredEverywhere(t *testing.T) {
	p := loadCompose(t)
	temporal, _ := p.GetService("temporal")
	var compose []string
	for _, arg := range temporal.Command {
		if v, ok := strings.CutPrefix(arg, "--search-attribute="); ok {
			compose = append(compose, v)
		}
	}
	script, err := os.ReadFile("../../scripts/services.sh")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`search_attributes=\(([^)]*)\)`).FindSubmatch(script)
	if line == nil {
		t.Fatal("scripts/services.sh has no search_attributes=(…) line")
	}
	local := strings.Fields(string(line[1]))
	if !slices.Equal(slices.Sorted(slices.Values(compose)), slices.Sorted(slices.Values(local))) {
		t.Errorf("compose registers %v, services.sh %v", compose, local)
	}
	for _, key := range []interface{ GetName() string }{workflows.SearchStatus, workflows.SearchRegion, workflows.SearchGrade, workflows.SearchValidUntil} {
		if !slices.ContainsFunc(local, func(sa string) bool { return strings.HasPrefix(sa, key.GetName()+"=") }) {
			t.Errorf("search attribute %s is used by the workflow but not registered", key.GetName())
		}
	}
}
