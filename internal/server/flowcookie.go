package server

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// flowPurpose names the flow cookie's key among the service's keys.
const flowPurpose = "arshjul oidc flow cookie"

// sealFlow keeps the OpenID flow in a cookie the browser holds but can
// neither read nor forge: AES-256-GCM under a key of its own. The nonce
// and the PKCE verifier must stay unread by anything that sees the cookie
// (an extension, a shared machine, a log): with the verifier and an
// intercepted code, anyone could finish the sign-in.
func (s *Server) sealFlow(ctx context.Context, flow app.OIDCFlow) (string, error) {
	aead, err := s.flowAEAD(ctx)
	if err != nil {
		return "", err
	}
	plain, err := json.Marshal(flow)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, nil)), nil
}

// unsealFlow is the flow a cookie sealFlow made holds; ok is false for
// anything else.
func (s *Server) unsealFlow(ctx context.Context, v string) (flow app.OIDCFlow, ok bool) {
	aead, err := s.flowAEAD(ctx)
	if err != nil {
		return flow, false
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) < aead.NonceSize() {
		return flow, false
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], nil)
	if err != nil || json.Unmarshal(plain, &flow) != nil {
		return flow, false
	}
	return flow, true
}

func (s *Server) flowAEAD(ctx context.Context) (cipher.AEAD, error) {
	key, err := s.core.Key(ctx, flowPurpose)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
