// 登录: name and password; on success the home page of the user's role.
import { login, session } from '../api.js';
import { h, field, showError, hideBanner, clear } from '../dom.js';

export async function renderLogin(root) {
  session.user = null;
  clear(document.getElementById('nav'));
  clear(document.getElementById('who'));
  const name = h('input', { id: 'login-name', name: 'name', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, '登录');
  const form = h('form', { class: 'panel login', novalidate: true },
    h('h2', {}, '用户登录'),
    field('用户名', name),
    field('密码', password),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!name.value.trim() || !password.value) {
      showError({ message: '请输入用户名和密码' });
      return;
    }
    submit.disabled = true;
    try {
      await login(name.value.trim(), password.value);
      hideBanner();
      location.hash = '#/';
    } catch (e) {
      showError(e);
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.append(form);
  name.focus();
}
