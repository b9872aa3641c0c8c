/**
 * One facade per use case of the API: {@link FetchService} (parse, authorise, fetch), {@link
 * UpdateService} (check, commit, then augment or queue what it affects), {@link AdminService}
 * (invalidate, refresh) and {@link Health}. A handler calls one of them once.
 */
package dev.kck.service;
