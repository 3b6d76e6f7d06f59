import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createBerthRouter } from './router';
import './styles/base.css';

createApp(App).use(createPinia()).use(createBerthRouter()).mount('#app');
