# The ltc binary: serve, worker, migrate, seed, score, token, policy.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=docker
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /ltc ./cmd/ltc

# The letters' Chinese font (the path letter.DefaultFont names).
FROM debian:bookworm-slim AS font
RUN apt-get update && apt-get install -y --no-install-recommends fonts-lxgw-wenkai && rm -rf /var/lib/apt/lists/*

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /ltc /ltc
COPY --from=font /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
ENTRYPOINT ["/ltc"]
CMD ["serve"]
